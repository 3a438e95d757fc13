import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { BadInputError, PayloadTooLargeError } from '../common/errors/domain-errors.js';

export interface ArchiveLimits {
  /** Largest single file, uncompressed. */
  maxFileBytes: number;
  /** Largest sum of all files, uncompressed (the zip-bomb guard). */
  maxTotalBytes: number;
  maxFiles: number;
}

export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

/** Reads a zip, tar or tar.gz archive (told apart by magic bytes), yielding its regular files. */
export async function* readArchive(archive: Buffer, limits: ArchiveLimits): AsyncGenerator<ArchiveEntry> {
  const budget = new Budget(limits);
  if (archive.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    yield* readZip(archive, budget);
  } else if (archive[0] === 0x1f && archive[1] === 0x8b) {
    let tarball: Buffer;
    try {
      tarball = gunzipSync(archive, { maxOutputLength: limits.maxTotalBytes + 1024 * 1024 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new PayloadTooLargeError('archive expands beyond the import limit');
      throw new BadInputError('archive is not a valid gzip file');
    }
    yield* readTar(tarball, budget);
  } else if (archive.subarray(257, 262).toString('latin1') === 'ustar') {
    yield* readTar(archive, budget);
  } else {
    throw new BadInputError('archive must be a .zip, .tar or .tar.gz file');
  }
}

class Budget {
  private files = 0;
  private total = 0;
  constructor(private readonly limits: ArchiveLimits) {}

  /** Called with the declared size before reading an entry, then with each chunk read. */
  file(name: string): void {
    if (++this.files > this.limits.maxFiles)
      throw new PayloadTooLargeError(`archive has more than ${this.limits.maxFiles} files`);
    void name;
  }
  bytes(name: string, n: number, soFar: number): void {
    this.total += n;
    if (soFar > this.limits.maxFileBytes)
      throw new PayloadTooLargeError(`${name} is larger than ${this.limits.maxFileBytes} bytes`);
    if (this.total > this.limits.maxTotalBytes)
      throw new PayloadTooLargeError('archive expands beyond the import limit');
  }
}

async function collect(name: string, stream: Readable, budget: Budget): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    budget.bytes(name, (chunk as Buffer).length, size);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function* readZip(archive: Buffer, budget: Budget): AsyncGenerator<ArchiveEntry> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      archive,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true },
      (err, z) =>
        err ? reject(new BadInputError(`archive is not a valid zip file: ${err.message}`)) : resolve(z),
    ),
  );
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
      if (entry.fileName.endsWith('/')) continue;
      budget.file(entry.fileName);
      // The declared size is checked first, so a bomb is refused before it is inflated.
      budget.bytes(entry.fileName, 0, entry.uncompressedSize);
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) => (err ? reject(new BadInputError(err.message)) : resolve(s))),
      );
      yield { name: entry.fileName, data: await collect(entry.fileName, stream, budget) };
    }
  } finally {
    zip.close();
  }
}

async function* readTar(tarball: Buffer, budget: Budget): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  Readable.from([tarball]).pipe(extract);
  try {
    for await (const entry of extract) {
      const { name, type, size } = entry.header;
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      budget.file(name);
      budget.bytes(name, 0, size ?? 0);
      yield { name, data: await collect(name, entry as unknown as Readable, budget) };
    }
  } catch (e) {
    if (e instanceof BadInputError || e instanceof PayloadTooLargeError) throw e;
    throw new BadInputError(`archive is not a valid tar file: ${(e as Error).message}`);
  }
}
