import type { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';

export type ExportFormat = 'zip' | 'tar.gz';

/**
 * Fastest deflate: an export is about getting the bytes out; level 1 is several times
 * faster than the default 6 and source trees still shrink to about a third.
 */
const LEVEL = 1;

export interface ExportEntry {
  /** Name inside the archive. */
  name: string;
  size: number;
  mtime: Date;
  /** Opens the file's bytes; called only when the archive gets to it. */
  open: () => Promise<Readable>;
}

/**
 * Streams an archive of `entries`, one file open at a time: memory stays at a few stream
 * buffers whatever the total size, and the reader's pace (backpressure) sets the pace of
 * the reads from storage. A reader that goes away stops it (the open file is closed).
 * A failure midway ends the stream with an error (the download is cut, never silently short).
 */
export function streamArchive(format: ExportFormat, entries: ExportEntry[]): Readable {
  return format === 'zip' ? zipStream(entries) : tarGzStream(entries);
}

function zipStream(entries: ExportEntry[]): Readable {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  let current: Readable | undefined;
  for (const e of entries) {
    zip.addReadStreamLazy(e.name, { size: e.size, mtime: e.mtime, compressionLevel: LEVEL }, (cb) => {
      if (out.destroyed) return cb(new Error('the reader went away'), undefined as never);
      e.open().then(
        (s) => {
          current = s;
          cb(null, s);
        },
        (err: Error) => cb(err, undefined as never),
      );
    });
  }
  zip.end();
  zip.on('error', (err: Error) => out.destroy(err));
  (zip.outputStream as Readable).on('error', (err) => out.destroy(err));
  (zip.outputStream as Readable).pipe(out);
  out.on('close', () => {
    current?.destroy();
    (zip.outputStream as Readable).unpipe(out);
  });
  return out;
}

function tarGzStream(entries: ExportEntry[]): Readable {
  const pack = tar.pack();
  const gzip = createGzip({ level: LEVEL });
  (pack as unknown as Readable).pipe(gzip);
  let current: Readable | undefined;
  gzip.on('close', () => {
    current?.destroy();
    pack.destroy();
  });
  void (async () => {
    for (const e of entries) {
      if (gzip.destroyed) return;
      const source = await e.open();
      current = source;
      let settle!: (err?: Error | null) => void;
      const written = new Promise<void>((resolve, reject) => {
        settle = (err) => (err ? reject(err) : resolve());
      });
      const entry = pack.entry({ name: e.name, size: e.size, mtime: e.mtime, mode: 0o644 }, (err) =>
        settle(err),
      );
      for await (const chunk of source) {
        if (!entry.write(chunk as Buffer)) await drained(entry, gzip);
        if (gzip.destroyed) return;
      }
      entry.end(() => undefined);
      await written;
    }
    pack.finalize();
  })().catch((err: Error) => gzip.destroy(err));
  return gzip;
}

/** Resolves when `w` can take more, or when `stop` closes (the reader went away). */
function drained(w: EventEmitter, stop: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      w.off('drain', done);
      stop.off('close', done);
      resolve();
    };
    w.on('drain', done);
    stop.on('close', done);
  });
}
