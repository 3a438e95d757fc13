import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user.js';
import { WorkspacesService } from '../../workspaces/workspaces.service.js';

export interface BudgetView {
  /** USD per calendar month (UTC); null = no limit. */
  monthlyLimitUsd: number | null;
  /** First day of the month counted, YYYY-MM-DD. */
  month: string;
  spentUsd: number;
  /** True once the month's spend has reached the limit: new model calls are refused. */
  exhausted: boolean;
}

export interface UsageRow {
  userId: string | null;
  displayName: string | null;
  model: string | null;
  tasks: number;
  tokensIn: number;
  tokensOut: number;
  cacheReads: number;
  cacheWrites: number;
  costUsd: number;
}

const monthStart = (at = new Date()) =>
  new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)).toISOString().slice(0, 10);

/**
 * A workspace's monthly budget: the cost of its tasks created this month (UTC) against a
 * limit workspace admins set and raise. Checked before every model call (hard stop).
 */
@Injectable()
export class BudgetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workspaces: WorkspacesService,
  ) {}

  private async limitOf(workspaceId: string): Promise<number | null> {
    const rows: { limit: string }[] = await this.db.query(
      'SELECT monthly_limit_usd AS "limit" FROM workspace_budgets WHERE workspace_id = $1',
      [workspaceId],
    );
    return rows.length ? Number(rows[0].limit) : null;
  }

  private async spent(workspaceId: string, month: string): Promise<number> {
    const rows: { spent: string | null }[] = await this.db.query(
      `SELECT COALESCE(SUM(cost), 0) AS spent FROM tasks
        WHERE workspace_id = $1 AND created_at >= $2::date AND created_at < ($2::date + interval '1 month')`,
      [workspaceId, month],
    );
    return Number(rows[0]?.spent ?? 0);
  }

  async status(workspaceId: string, month = monthStart()): Promise<BudgetView> {
    const [limit, spent] = await Promise.all([this.limitOf(workspaceId), this.spent(workspaceId, month)]);
    return { monthlyLimitUsd: limit, month, spentUsd: spent, exhausted: limit !== null && spent >= limit };
  }

  /** Why a task of this workspace may not call the model now, or null. */
  async exhausted(workspaceId: string): Promise<string | null> {
    const b = await this.status(workspaceId);
    if (!b.exhausted) return null;
    return `monthly budget reached: this workspace has used $${b.spentUsd.toFixed(2)} of its $${(b.monthlyLimitUsd ?? 0).toFixed(2)} budget for ${b.month.slice(0, 7)}, so the task stopped before the next model call. A workspace admin can raise the budget; then resume or start the task again.`;
  }

  async view(user: AuthUser, workspaceId: string): Promise<BudgetView> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    return this.status(workspaceId);
  }

  /** Sets (or with null removes) the limit; admins only. */
  async set(user: AuthUser, workspaceId: string, monthlyLimitUsd: number | null): Promise<BudgetView> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    if (monthlyLimitUsd === null)
      await this.db.query('DELETE FROM workspace_budgets WHERE workspace_id = $1', [workspaceId]);
    else
      await this.db.query(
        `INSERT INTO workspace_budgets (workspace_id, monthly_limit_usd, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id) DO UPDATE SET monthly_limit_usd = $2, updated_by = $3, updated_at = now()`,
        [workspaceId, monthlyLimitUsd, user.id],
      );
    return this.status(workspaceId);
  }

  /** The month's usage per user and model (tasks created that month). */
  async usage(user: AuthUser, workspaceId: string, month = monthStart()): Promise<UsageRow[]> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const rows: Record<string, string | null>[] = await this.db.query(
      `SELECT t.created_by AS "userId", u.display_name AS "displayName", p.model AS model,
              COUNT(*) AS tasks, SUM(t.tokens_in) AS "tokensIn", SUM(t.tokens_out) AS "tokensOut",
              SUM(t.cache_reads) AS "cacheReads", SUM(t.cache_writes) AS "cacheWrites", SUM(t.cost) AS cost
         FROM tasks t
         LEFT JOIN users u ON u.id = t.created_by
         LEFT JOIN provider_profiles p ON p.id = t.provider_id
        WHERE t.workspace_id = $1 AND t.created_at >= $2::date AND t.created_at < ($2::date + interval '1 month')
          AND t.imported IS NULL -- an imported Roo history ran elsewhere
        GROUP BY t.created_by, u.display_name, p.model
        ORDER BY SUM(t.cost) DESC`,
      [workspaceId, month],
    );
    return rows.map((r) => ({
      userId: r.userId,
      displayName: r.displayName,
      model: r.model,
      tasks: Number(r.tasks),
      tokensIn: Number(r.tokensIn),
      tokensOut: Number(r.tokensOut),
      cacheReads: Number(r.cacheReads),
      cacheWrites: Number(r.cacheWrites),
      costUsd: Number(r.cost),
    }));
  }
}
