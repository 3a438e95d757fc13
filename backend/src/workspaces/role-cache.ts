import type { Role } from './entities.js';

/**
 * Short-lived per-process cache of positive membership lookups (`workspace:user` → role),
 * so the role check on every request usually needs no query. Only memberships are cached,
 * never a denial; writes through WorkspacesService drop the workspace's entries at once
 * (in this process, and in every other through Redis), and the TTL bounds what a lost
 * invalidation could keep.
 */
export class RoleCache {
  private readonly entries = new Map<string, { role: Role; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  get(workspaceId: string, userId: string): Role | undefined {
    if (this.ttlMs <= 0) return undefined;
    const key = `${workspaceId}:${userId}`;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.role;
  }

  set(workspaceId: string, userId: string, role: Role): void {
    if (this.ttlMs <= 0) return;
    // Map keeps insertion order: drop the oldest when full.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(`${workspaceId}:${userId}`, { role, until: Date.now() + this.ttlMs });
  }

  /** Forgets every cached role in the workspace. */
  dropWorkspace(workspaceId: string): void {
    const prefix = `${workspaceId}:`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
