import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, Repository } from 'typeorm';
import { decodeCursor, toPage, type Page } from '../common/pagination/cursor.js';
import { AuditLog } from './audit-log.entity.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  target?: string | null;
  ip?: string | null;
  meta?: Record<string, unknown>;
}

/** Append-only record of security-relevant actions (sign-ins, token reuse, role changes, deletions). */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {}

  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditLog) : this.logs;
    await repo.insert({
      ...entry,
      target: entry.target ?? null,
      ip: entry.ip ?? null,
      meta: (entry.meta ?? {}) as never,
    });
  }

  async list(limit = 50, cursor?: string): Promise<Page<AuditLog>> {
    const key = decodeCursor(cursor);
    const rows = await this.logs.find({
      where: key ? [{ createdAt: LessThan(new Date(key.at)) }] : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit + 1,
    });
    return toPage(rows, limit);
  }
}
