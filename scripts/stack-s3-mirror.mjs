// Copies the object-storage bucket to a folder (backup) or makes the bucket equal to a
// folder (restore: creates the bucket if it is gone, deletes objects the folder does not
// have). The one bucket copier of make backup/restore and make stack-backup/restore. Runs
// INSIDE the backend image as a one-shot Swarm service started by scripts/stack-backup.sh /
// stack-restore.sh (mounted as a Swarm config next to /app's node_modules), in a one-off
// container of the Compose api service (scripts/backup-lib.sh, compose mode; bind-mounted
// there), and on the host for make backup/restore against the local stack (local mode),
// where the SDK comes from backend/node_modules. Either way it talks to MinIO or any S3
// with the same SDK and settings as the API.
//   node s3-mirror.mjs backup|restore <folder>
// Settings: S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_FORCE_PATH_STYLE; keys from S3_ACCESS_KEY
// and S3_SECRET_KEY, else the files named by S3_ACCESS_KEY_FILE and S3_SECRET_KEY_FILE,
// else /run/secrets/s3_access_key and /run/secrets/s3_secret_key.
// Content types are not kept (a folder has none): the API serves the type it recorded.
// Every object is checked: a backup compares each downloaded file's size with the
// listing; a restore reads each uploaded object back and compares its SHA-256 with the
// file's. A mismatch fails the run (non-zero exit), never a silently changed bucket.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

// Beside the script in the image (/app/node_modules); from the repository's backend/ on a host.
function loadSdk() {
  for (const base of [import.meta.url, new URL('../backend/package.json', import.meta.url)]) {
    try {
      return createRequire(base)('@aws-sdk/client-s3');
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  throw new Error('@aws-sdk/client-s3 not found: run make deps (npm ci in backend/)');
}
const {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} = loadSdk();

const [mode, folder] = process.argv.slice(2);
if (!['backup', 'restore'].includes(mode) || !folder) {
  process.stderr.write('usage: s3-mirror.mjs backup|restore <folder>\n');
  process.exit(2);
}
// X from the environment, else the file named by X_FILE (how the API gets it), else /run/secrets/x.
const secret = (name) => {
  const env = name.toUpperCase();
  return process.env[env] || readFileSync(process.env[`${env}_FILE`] || `/run/secrets/${name}`, 'utf8').trim();
};
const bucket = process.env.S3_BUCKET ?? 'roo-files';
const s3 = new S3Client({
  endpoint: process.env.S3_ENDPOINT,
  region: process.env.S3_REGION ?? 'us-east-1',
  forcePathStyle: (process.env.S3_FORCE_PATH_STYLE ?? 'true') === 'true',
  credentials: { accessKeyId: secret('s3_access_key'), secretAccessKey: secret('s3_secret_key') },
  // The SDK's default (WHEN_SUPPORTED) sends a stream body as `Content-Encoding:
  // aws-chunked` with a trailing CRC32. S3-compatible servers that do not decode that
  // framing store it as the object's bytes (s3rver does: README.md came back as
  // "2f\r\n# Stack test…\r\n0\r\nx-amz-checksum-crc32:…"). A plain PUT with
  // Content-Length works everywhere; integrity is checked by reading back (below).
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

async function listKeys() {
  const keys = [];
  let token;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.push({ key: o.Key, size: o.Size });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

async function sha256(stream) {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

let count = 0;
let bytes = 0;
if (mode === 'backup') {
  for (const { key, size } of await listKeys()) {
    if (key.split('/').includes('..')) throw new Error(`refusing object key ${key}`);
    const target = join(folder, ...key.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await pipeline(Body, createWriteStream(target));
    const got = (await stat(target)).size;
    if (size !== undefined && got !== size) throw new Error(`${key}: downloaded ${got} bytes, the bucket lists ${size}`);
    count++;
    bytes += got;
  }
} else {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (e) {
    if (e.$metadata?.httpStatusCode !== 404) throw e;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  const files = await listFiles(folder);
  const wanted = new Set(files.map((f) => relative(folder, f).split(sep).join('/')));
  for (const { key } of await listKeys()) {
    if (!wanted.has(key)) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
  for (const file of files) {
    const key = relative(folder, file).split(sep).join('/');
    const { size } = await stat(file);
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: size }),
    );
    const [want, { Body }] = await Promise.all([
      sha256(createReadStream(file)),
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    ]);
    const got = await sha256(Body);
    if (got !== want) throw new Error(`${key}: the stored object differs from the backup (sha256 ${got} ≠ ${want})`);
    count++;
    bytes += size;
  }
}
process.stdout.write(`s3-mirror: ${mode} of bucket ${bucket}: ${count} object(s), ${bytes} bytes, each verified\n`);
