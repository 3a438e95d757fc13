import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { TextField } from '@/components/field';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/states';
import { hasRole, useWorkspace } from '@/features/workspaces/api';
import { formatCost, formatNumber } from '@/lib/format';
import { useBudget, useSetBudget, useUsage, type Budget, type UsageRow } from './api';
import './usage.css';

/** The current month (UTC) as YYYY-MM, like the API counts it. */
export const currentMonth = (at = new Date()) => at.toISOString().slice(0, 7);

const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Tokens in a short form that still reads exactly below ten thousand (1,234 · 56.7k · 1.2M). */
export function formatTokens(n: number): string {
  if (n < 10_000) return formatNumber(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

interface Total {
  key: string;
  label: string;
  tasks: number;
  tokensIn: number;
  tokensOut: number;
  cache: number;
  costUsd: number;
}

/** Rows summed by user or by model. */
export function totals(rows: readonly UsageRow[], by: 'user' | 'model'): Total[] {
  const out = new Map<string, Total>();
  for (const r of rows) {
    const key = (by === 'user' ? r.userId : r.model) ?? '';
    const label =
      by === 'user' ? (r.displayName ?? 'Deleted user') : (r.model ?? 'No model (provider deleted)');
    const t = out.get(key) ?? { key, label, tasks: 0, tokensIn: 0, tokensOut: 0, cache: 0, costUsd: 0 };
    t.tasks += r.tasks;
    t.tokensIn += r.tokensIn;
    t.tokensOut += r.tokensOut;
    t.cache += r.cacheReads + r.cacheWrites;
    t.costUsd += r.costUsd;
    out.set(key, t);
  }
  return [...out.values()].sort((a, b) => b.costUsd - a.costUsd || a.label.localeCompare(b.label));
}

function UsageTable({ caption, rows, first }: { caption: string; rows: Total[]; first: string }) {
  return (
    <table className="table usage-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">Tasks</th>
          <th scope="col">Tokens in</th>
          <th scope="col">Tokens out</th>
          <th scope="col">Cache r+w</th>
          <th scope="col">Cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{formatNumber(r.tasks)}</td>
            <td>{formatTokens(r.tokensIn)}</td>
            <td>{formatTokens(r.tokensOut)}</td>
            <td>{formatTokens(r.cache)}</td>
            <td>{formatCost(r.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BudgetPanel({ ws, budget, canEdit }: { ws: string; budget: Budget; canEdit: boolean }) {
  const save = useSetBudget(ws);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const limit = budget.monthlyLimitUsd;
  const share = limit && limit > 0 ? Math.min(1, budget.spentUsd / limit) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = value.trim();
    const next = text === '' ? null : Number(text);
    if (next !== null && (!Number.isFinite(next) || next < 0 || next > 10_000_000))
      return setError(
        'Enter an amount in US dollars between 0 and 10,000,000, or leave it empty for no limit.',
      );
    setError('');
    save.mutate(next, { onSuccess: () => setEditing(false) });
  };

  return (
    <section className="card usage-budget" aria-labelledby="budget-title">
      <h3 id="budget-title">Monthly budget</h3>
      <p>
        {formatCost(budget.spentUsd)} spent in {monthLabel(budget.month.slice(0, 7))}
        {limit === null ? ' · no limit' : ` of ${formatCost(limit)}`}
      </p>
      {share !== null && (
        <meter
          className="usage-meter"
          min={0}
          max={1}
          low={0.8}
          high={0.95}
          optimum={0}
          value={share}
          aria-label={`Budget used: ${Math.round(share * 100)} %`}
        />
      )}
      {budget.exhausted && (
        <p className="msg-error" role="alert">
          The budget is used up: tasks stop before their next model call until{' '}
          {canEdit ? 'you raise it' : 'a workspace admin raises it'}.
        </p>
      )}
      {canEdit &&
        (editing ? (
          <form className="form" onSubmit={submit} noValidate>
            <TextField
              label="Limit per month (USD)"
              name="monthlyLimitUsd"
              inputMode="decimal"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              error={error || undefined}
              hint="Leave empty for no limit. Spend counts the cost of tasks created in the month (UTC)."
            />
            <InlineError error={save.error} />
            <div className="row">
              <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : 'Save budget'}
              </button>
              <button type="button" className="btn" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setValue(limit === null ? '' : String(limit));
              setEditing(true);
            }}
          >
            {limit === null ? 'Set a budget' : 'Change budget'}
          </button>
        ))}
    </section>
  );
}

/** A workspace's model spend: the monthly budget (admins edit it) and usage per user and model. */
export function UsagePage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/usage' });
  return <UsageView ws={ws} />;
}

export function UsageView({ ws }: { ws: string }) {
  const workspace = useWorkspace(ws);
  const [month, setMonth] = useState(currentMonth());
  const budget = useBudget(ws);
  const usage = useUsage(ws, month);
  const rows = usage.data ?? [];
  const sum = totals(rows, 'model').reduce((a, t) => a + t.costUsd, 0);

  return (
    <section className="page" aria-labelledby="usage-title">
      <div className="page-header">
        <h2 id="usage-title">Usage</h2>
      </div>
      {budget.isPending ? (
        <Loading label="Loading budget…" />
      ) : budget.isError ? (
        <ErrorState error={budget.error} onRetry={() => void budget.refetch()} />
      ) : (
        <BudgetPanel ws={ws} budget={budget.data} canEdit={hasRole(workspace.data?.role, 'admin')} />
      )}
      <div className="filters">
        <label htmlFor="usage-month">Month</label>
        <input
          id="usage-month"
          type="month"
          value={month}
          max={currentMonth()}
          onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && setMonth(e.target.value)}
        />
      </div>
      {usage.isPending ? (
        <Loading label="Loading usage…" />
      ) : usage.isError ? (
        <ErrorState error={usage.error} onRetry={() => void usage.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={`No model usage in ${monthLabel(month)}.`} />
      ) : (
        <>
          <p>
            Total for {monthLabel(month)}: <strong>{formatCost(sum)}</strong>
          </p>
          <UsageTable caption="By person" first="Person" rows={totals(rows, 'user')} />
          <UsageTable caption="By model" first="Model" rows={totals(rows, 'model')} />
        </>
      )}
    </section>
  );
}
