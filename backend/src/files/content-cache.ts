import { createHash } from 'node:crypto';

/**
 * Bytes of small files by their SHA-256, so reading an unchanged file again skips the
 * bucket. Content-addressed: a hash names one content in every replica, so nothing needs
 * invalidating when a file changes (its metadata then names another hash). A byte budget
 * bounds the memory; the least recently used entries go first.
 */
export class ContentCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  readonly maxEntryBytes: number;

  constructor(readonly maxBytes: number) {
    this.maxEntryBytes = Math.min(1024 * 1024, Math.floor(maxBytes / 16));
  }

  /** Whether a file of this size is worth (and allowed) caching. */
  fits(size: number): boolean {
    return this.maxBytes > 0 && size <= this.maxEntryBytes;
  }

  get(sha256: string): Buffer | undefined {
    const data = this.entries.get(sha256);
    if (data) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.entries.delete(sha256);
      this.entries.set(sha256, data);
    }
    return data;
  }

  /**
   * Keeps `data` under `sha256` only if it really has that hash: a read that raced an
   * overwrite of the object may have fetched newer bytes than the metadata it came with.
   */
  put(sha256: string, data: Buffer): boolean {
    if (!this.fits(data.length) || this.entries.has(sha256)) return false;
    if (createHash('sha256').update(data).digest('hex') !== sha256) return false;
    this.entries.set(sha256, data);
    this.bytes += data.length;
    for (const [key, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= old.length;
    }
    return true;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
