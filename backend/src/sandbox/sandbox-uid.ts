import { createHash } from 'node:crypto';

/**
 * The host uid a task's commands run as when the worker is root: one per task (from its
 * id), so RLIMIT_NPROC — counted per real uid — bounds that task's processes only, and one
 * task's processes cannot signal or read another's. Null when the worker is not root (it
 * cannot switch uid; its commands run as the worker's uid inside the namespaces).
 */
export function sandboxUid(taskId: string, base: number, count: number): number | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const n = createHash('sha256').update(taskId).digest().readUInt32BE(0);
  return base + (n % count);
}
