import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { BadInputError, DomainError, PayloadTooLargeError } from '../common/errors/domain-errors.js';

export interface ArchiveLimits {
  /** Largest single file, uncompressed. */
  maxFileBytes: number;
  /** Largest sum of all files, uncompressed (the zip-bomb guard). */
  maxTotalBytes: number;
  maxFiles: number;
  /** Largest expanded : compressed ratio, checked once more than RATIO_FLOOR bytes came out. */
  maxRatio: number;
}

/** One regular file of an archive; `stream` must be consumed (or destroyed) before the next. */
export interface ArchiveEntry {
  name: string;
  stream: Readable;
}

export type ArchiveFormat = 'zip' | 'gzip' | 'tar';

/** Below this many expanded bytes the ratio is not judged (tar padding, tiny files). */
export const RATIO_FLOOR = 1024 * 1024;
/** gzip input is fed in slices of this size so the ratio check runs close behind the inflater. */
const FEED_SLICE = 16 * 1024;
/** Entries of any kind (directories, links) are bounded too: a header costs work. */
const entryCap = (limits: ArchiveLimits) => limits.maxFiles * 2;

/** Tells zip, gzip and tar apart by their magic bytes; the returned stream replays them. */
export async function sniffArchive(body: Readable): Promise<{ format: ArchiveFormat; stream: Readable }> {
  const head: Buffer[] = [];
  let size = 0;
  const it = body[Symbol.asyncIterator]();
  let done = false;
  while (size < 262) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value as Buffer);
    size += (next.value as Buffer).length;
  }
  const first = Buffer.concat(head);
  let format: ArchiveFormat;
  if (first.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) format = 'zip';
  else if (first[0] === 0x1f && first[1] === 0x8b) format = 'gzip';
  else if (first.subarray(257, 262).toString('latin1') === 'ustar') format = 'tar';
  else throw new BadInputError('archive must be a .zip, .tar or .tar.gz file');
  async function* replay() {
    yield first;
    if (done) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value as Buffer;
  }
  return { format, stream: Readable.from(replay(), { objectMode: false }) };
}

/**
 * Counts every byte that comes out of an archive and stops the stream the moment a limit
 * is passed, so nothing larger than a few chunks is ever held for a hostile archive.
 */
class Budget {
  private files = 0;
  private entries = 0;
  private total = 0;
  constructor(
    private readonly limits: ArchiveLimits,
    /** Compressed bytes consumed so far (the inflater's input), for the ratio. */
    private readonly compressedIn: () => number,
  ) {}

  entry(): void {
    if (++this.entries > entryCap(this.limits))
      throw new PayloadTooLargeError(`archive has more than ${entryCap(this.limits)} entries`);
  }

  file(name: string, declaredSize: number): void {
    if (++this.files > this.limits.maxFiles)
      throw new PayloadTooLargeError(`archive has more than ${this.limits.maxFiles} files`);
    // Declared sizes are checked first, so an honest bomb is refused before it is inflated.
    this.check(name, declaredSize, this.total + declaredSize);
  }

  /** A metering stream for one entry: passes chunks on, fails with 413 past a limit. */
  meter(name: string): Transform {
    let size = 0;
    return new Transform({
      transform: (chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) => {
        size += chunk.length;
        this.total += chunk.length;
        try {
          this.check(name, size, this.total);
          this.checkRatio();
        } catch (e) {
          return done(e as Error);
        }
        done(null, chunk);
      },
    });
  }

  private check(name: string, fileSize: number, total: number): void {
    if (fileSize > this.limits.maxFileBytes)
      throw new PayloadTooLargeError(
        `archive entry ${name.slice(0, 200)} is larger than ${this.limits.maxFileBytes} bytes`,
      );
    if (total > this.limits.maxTotalBytes)
      throw new PayloadTooLargeError(`archive expands beyond ${this.limits.maxTotalBytes} bytes`);
  }

  checkRatio(expanded = this.total, compressed = this.compressedIn()): void {
    if (expanded > RATIO_FLOOR && expanded > this.limits.maxRatio * Math.max(compressed, 1))
      throw new PayloadTooLargeError(
        `archive compression ratio exceeds ${this.limits.maxRatio}:1 (a decompression bomb?)`,
      );
  }
}

/**
 * Reads a tar or tar.gz stream entry by entry. gzip inflates in zlib's thread pool; the
 * parser only sees 512-byte headers and file data that is metered as it flows.
 */
export async function* readTar(
  source: Readable,
  gzipped: boolean,
  limits: ArchiveLimits,
): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  let gunzip: Gunzip | undefined;
  let failure: Error | undefined;
  const fail = (e: Error | null | undefined) => {
    if (!e) return;
    failure ??= e;
    extract.destroy(e);
  };
  if (gzipped) {
    gunzip = createGunzip();
    pipeline(source, slicer(FEED_SLICE), gunzip, fail);
    gunzip.pipe(extract as unknown as NodeJS.WritableStream);
  } else {
    source.on('error', fail);
    source.pipe(extract as unknown as NodeJS.WritableStream);
  }
  const budget = new Budget(limits, () => (gunzip ? gunzip.bytesWritten : Number.MAX_SAFE_INTEGER));
  try {
    for await (const entry of extract) {
      const { name, type, size } = entry.header;
      budget.entry();
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      budget.file(name, size ?? 0);
      const meter = budget.meter(name);
      feed(entry as unknown as Readable, meter, name);
      yield { name, stream: meter };
      // Whatever the consumer left unread is skipped so the parser can move on.
      if (!meter.readableEnded && !meter.destroyed) {
        meter.resume();
        await new Promise((resolve) => meter.once('close', resolve));
      }
    }
    if (failure) throw failure;
  } catch (e) {
    const err = failure ?? (e as Error);
    if (err instanceof BadInputError || err instanceof PayloadTooLargeError) throw err;
    if (gzipped && (err as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new BadInputError('archive is not a valid gzip file');
    throw new BadInputError(`archive is not a valid tar file: ${err.message}`);
  } finally {
    extract.destroy();
    gunzip?.destroy();
  }
}

/**
 * Reads a zip through random access (yauzl needs the central directory at the end), so
 * the archive is read from wherever it was stored (the bucket), never held whole.
 */
export async function* readZip(
  reader: yauzl.RandomAccessReader,
  totalSize: number,
  limits: ArchiveLimits,
): AsyncGenerator<ArchiveEntry> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromRandomAccessReader(
      reader,
      totalSize,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, autoClose: false },
      (err, z) =>
        err ? reject(new BadInputError(`archive is not a valid zip file: ${err.message}`)) : resolve(z),
    ),
  );
  if (zip.entryCount > entryCap(limits))
    throw new PayloadTooLargeError(`archive has more than ${entryCap(limits)} entries`);
  let compressed = 0;
  const budget = new Budget(limits, () => compressed);
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(null));
        zip.once('error', (e: Error) =>
          reject(new BadInputError(`archive is not a valid zip file: ${e.message}`)),
        );
        zip.readEntry();
      });
      zip.removeAllListeners('entry');
      zip.removeAllListeners('end');
      zip.removeAllListeners('error');
      if (!entry) return;
      budget.entry();
      if (entry.fileName.endsWith('/')) continue;
      budget.file(entry.fileName, entry.uncompressedSize);
      // Per entry by its declared sizes (yauzl enforces them while inflating).
      budget.checkRatio(entry.uncompressedSize, entry.compressedSize);
      compressed += entry.compressedSize;
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) =>
          err ? reject(new BadInputError(`archive entry ${entry.fileName}: ${err.message}`)) : resolve(s),
        ),
      );
      const meter = budget.meter(entry.fileName);
      feed(stream, meter, entry.fileName);
      yield { name: entry.fileName, stream: meter };
      if (!meter.destroyed) meter.destroy();
    }
  } finally {
    zip.close();
  }
}

/**
 * Pipes an entry's data into its meter. A broken entry (bad deflate data, wrong size)
 * fails the meter with a 400 naming it; a meter that fails stops the source.
 */
function feed(source: Readable, meter: Transform, name: string): void {
  source.on('error', (e: Error) =>
    meter.destroy(
      e instanceof DomainError ? e : new BadInputError(`archive entry ${name.slice(0, 200)}: ${e.message}`),
    ),
  );
  meter.on('error', () => source.destroy());
  source.pipe(meter);
}

/** Splits chunks into pieces of at most `max` bytes. */
function slicer(max: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = 0; i < chunk.length; i += max) this.push(chunk.subarray(i, i + max));
      done();
    },
  });
}

/**
 * A yauzl reader over a stored object: small reads (the central directory, local headers,
 * small files) come from a few cached blocks fetched by range; large entries stream their
 * range directly. Memory stays at BLOCK × BLOCKS whatever the archive's size.
 */
export class RangeReader extends yauzl.RandomAccessReader {
  static readonly BLOCK = 256 * 1024;
  static readonly BLOCKS = 4;
  private readonly blocks = new Map<number, Promise<Buffer>>();

  constructor(
    /** Bytes [start, end) of the object, as a stream. */
    private readonly fetchRange: (start: number, end: number) => Promise<Readable>,
    private readonly size: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    const feed =
      end - start <= RangeReader.BLOCK
        ? this.slice(start, end).then((b) => out.end(b))
        : this.fetchRange(start, end).then((s) => {
            s.on('error', (e) => out.destroy(e));
            s.pipe(out);
          });
    feed.catch((e: Error) => out.destroy(e));
    return out;
  }

  private async slice(start: number, end: number): Promise<Buffer> {
    const first = Math.floor(start / RangeReader.BLOCK);
    const last = Math.floor((end - 1) / RangeReader.BLOCK);
    const parts: Buffer[] = [];
    for (let i = first; i <= last; i++) parts.push(await this.block(i));
    const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const offset = start - first * RangeReader.BLOCK;
    return joined.subarray(offset, offset + (end - start));
  }

  private block(i: number): Promise<Buffer> {
    let b = this.blocks.get(i);
    if (b) {
      this.blocks.delete(i); // most recently used goes last
    } else {
      const start = i * RangeReader.BLOCK;
      const end = Math.min(start + RangeReader.BLOCK, this.size);
      b = this.fetchRange(start, end).then(async (s) => {
        const chunks: Buffer[] = [];
        for await (const c of s) chunks.push(c as Buffer);
        return Buffer.concat(chunks);
      });
      b.catch(() => this.blocks.delete(i));
    }
    this.blocks.set(i, b);
    while (this.blocks.size > RangeReader.BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    return b;
  }
}
