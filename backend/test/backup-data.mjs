// Data for the backup → wipe → restore test (scripts/test-backup.sh), through the real API
// and the same S3 SDK as the app. The S3 settings come from S3_ENDPOINT, S3_BUCKET,
// S3_ACCESS_KEY, S3_SECRET_KEY.
//   node backup-data.mjs seed API_URL FAKE_LLM_URL   users, tokens, invite, workspace, member,
//                                                     files (binary, nested, unicode, empty,
//                                                     multipart-sized), provider, mode, a task
//                                                     run by the worker (checkpoints), a share
//                                                     link, a pending invitation, a budget,
//                                                     bob's authenticator (recovery codes), a
//                                                     push subscription
//   node backup-data.mjs change API_URL              one more file and one more user
//   node backup-data.mjs bucket                      "sha256 size key" per object, sorted
//   node backup-data.mjs wipe-bucket                 deletes every object, then the bucket
//   node backup-data.mjs check-api API_URL           logs in, downloads every file through the
//                                                     API and compares it with its recorded sha256
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { generate as totpCode } from 'otplib';

const PASSWORD = 'correct horse battery staple';
const [command, apiUrl, fakeUrl] = process.argv.slice(2);
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

async function call(method, path, { token, json, body, raw = false, expect = [200, 201, 204] } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  if (body !== undefined) headers['content-type'] = 'application/octet-stream';
  const res = await fetch(`${apiUrl}/api/v1${path}`, {
    method,
    headers,
    body: json !== undefined ? JSON.stringify(json) : body,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!expect.includes(res.status))
    throw new Error(`${method} ${path}: ${res.status} ${bytes.toString().slice(0, 300)}`);
  return raw || !(res.headers.get('content-type') ?? '').includes('json')
    ? bytes
    : JSON.parse(bytes.toString());
}

const register = async (name) =>
  (
    await call('POST', '/auth/register', {
      json: { email: `${name}@example.test`, password: PASSWORD, displayName: name },
    })
  ).accessToken;
const login = async (name) =>
  (await call('POST', '/auth/login', { json: { email: `${name}@example.test`, password: PASSWORD } }))
    .accessToken;
const firstWorkspace = async (token) => (await call('GET', '/workspaces', { token }))[0].id;
const putFile = (token, ws, path, body) =>
  call('PUT', `/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`, { token, body });

async function waitForStatus(token, id, wanted) {
  for (let i = 0; i < 300; i++) {
    const task = await call('GET', `/tasks/${id}`, { token });
    if (wanted.includes(task.status)) return task;
    if (['failed', 'cancelled'].includes(task.status)) throw new Error(`task ${id} ${task.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${id} never reached ${wanted.join('/')}`);
}

async function seed() {
  const alice = await register('alice');
  const bob = await register('bob');
  await call('POST', '/auth/tokens', { token: alice, json: { name: 'ci', scopes: ['read', 'write'] } });
  await call('POST', '/auth/invites', { token: alice, json: { email: 'carol@example.test' } });
  const ws = (
    await call('POST', '/workspaces', { token: alice, json: { name: 'Backups', description: 'round trip' } })
  ).id;
  // Adding a member is an invitation the invitee accepts; bob does, so the membership exists.
  await call('POST', `/workspaces/${ws}/members`, {
    token: alice,
    json: { email: 'bob@example.test', role: 'member' },
    expect: [202],
  });
  const invitation = (await call('GET', '/invitations', { token: bob })).find((i) => i.workspaceId === ws);
  if (!invitation) throw new Error(`bob has no invitation to ${ws}`);
  await call('POST', `/invitations/${invitation.id}/accept`, { token: bob });
  // An address without an account: the invitation stays pending (workspace_invitations).
  await call('POST', `/workspaces/${ws}/members`, {
    token: alice,
    json: { email: 'dave@example.test', role: 'viewer' },
    expect: [202],
  });
  // Bob's authenticator app (user_totp) and its recovery codes (recovery_codes). Bob, not
  // alice: change and check-api sign alice in with her password alone.
  const { secret } = await call('POST', '/account/totp/setup', { token: bob });
  const { recoveryCodes } = await call('POST', '/account/totp/confirm', {
    token: bob,
    json: { code: await totpCode({ secret }) },
  });
  if (!recoveryCodes?.length) throw new Error('confirming the authenticator gave no recovery codes');
  // A browser's push subscription: a real P-256 key and 16-byte auth secret; nothing is sent.
  const { x, y } = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  const p256dh = Buffer.concat([Buffer.from([4]), Buffer.from(x, 'base64url'), Buffer.from(y, 'base64url')]);
  await call('POST', '/push/subscriptions', {
    token: alice,
    json: {
      endpoint: `https://push.example.com/send/${randomBytes(8).toString('hex')}`,
      keys: { p256dh: p256dh.toString('base64url'), auth: randomBytes(16).toString('base64url') },
      deviceLabel: 'Backup test browser',
    },
  });

  const every = Buffer.alloc(256 * 4);
  for (let i = 0; i < every.length; i++) every[i] = i % 256;
  const files = {
    'README.md': Buffer.from('# Backup test\n\nRead me first.\n'),
    'src/deep/nested/folder/data.bin': Buffer.concat([every, randomBytes(256 * 1024)]),
    'assets/logo.png': Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(40_000)]),
    'docs/ünïcødé name – 1.txt': Buffer.from('named with spaces and non-ASCII\n'),
    'empty.txt': Buffer.alloc(0),
    'big/blob.bin': randomBytes(6 * 1024 * 1024 + 123),
  };
  for (const [path, body] of Object.entries(files)) {
    const meta = await putFile(alice, ws, path, body);
    if (meta.sha256 !== sha256(body)) throw new Error(`${path}: the API recorded sha256 ${meta.sha256}`);
  }

  const provider = await call('POST', `/workspaces/${ws}/providers`, {
    token: alice,
    json: {
      name: 'fake',
      kind: 'openai',
      baseUrl: `${fakeUrl}/v1`,
      model: 'fake-model',
      apiKey: 'sk-fake-0123456789',
    },
  });
  await call('POST', `/workspaces/${ws}/modes`, {
    token: alice,
    json: { slug: 'reviewer', name: 'Reviewer', roleDefinition: 'You review changes.', groups: ['read'] },
  });
  const task = await call('POST', `/workspaces/${ws}/tasks`, {
    token: alice,
    json: {
      prompt: 'Write a note',
      mode: 'code',
      providerId: provider.id,
      autoApprove: { read: true, write: true },
    },
  });
  await waitForStatus(alice, task.id, ['waiting_for_input']);
  await call('POST', `/tasks/${task.id}/respond`, {
    token: alice,
    json: { response: 'answer', text: 'Hello' },
  });
  await waitForStatus(alice, task.id, ['completed']);
  await call('POST', `/tasks/${task.id}/share`, { token: alice, json: { expiresInHours: 24 } });
  // After the task, so the limit cannot stop it (workspace_budgets).
  await call('PUT', `/workspaces/${ws}/budget`, { token: alice, json: { monthlyLimitUsd: 25 } });
  process.stdout.write(`seeded workspace ${ws}: ${Object.keys(files).length} uploads and a completed task\n`);
}

async function change() {
  const alice = await login('alice');
  await putFile(alice, await firstWorkspace(alice), 'after-backup/extra.bin', randomBytes(4096));
  await register('carol');
  process.stdout.write('changed: one file and one user added after the backup\n');
}

const s3 = () =>
  new S3Client({
    endpoint: process.env.S3_ENDPOINT,
    region: process.env.S3_REGION ?? 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: process.env.S3_ACCESS_KEY, secretAccessKey: process.env.S3_SECRET_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

async function keys(client, bucket) {
  const out = [];
  let token;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    out.push(...(page.Contents ?? []).map((o) => o.Key));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

async function bucketSums() {
  const client = s3();
  const bucket = process.env.S3_BUCKET;
  let list;
  try {
    list = await keys(client, bucket);
  } catch (e) {
    if (e.name !== 'NoSuchBucket') throw e;
    process.stdout.write('(no bucket)\n');
    return;
  }
  const lines = [];
  for (const key of list) {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = Buffer.from(await Body.transformToByteArray());
    lines.push(`${sha256(bytes)} ${bytes.length} ${key}`);
  }
  process.stdout.write(
    lines
      .sort()
      .map((l) => `${l}\n`)
      .join(''),
  );
}

async function wipeBucket() {
  const client = s3();
  const bucket = process.env.S3_BUCKET;
  const list = await keys(client, bucket);
  for (const key of list) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  process.stdout.write(`wiped: ${list.length} objects and bucket ${bucket} deleted\n`);
}

async function checkApi() {
  const alice = await login('alice');
  const ws = await firstWorkspace(alice);
  const { items } = await call('GET', `/workspaces/${ws}/files?recursive=true`, { token: alice });
  for (const item of items) {
    const bytes = await call('GET', `/workspaces/${ws}/files/content?path=${encodeURIComponent(item.path)}`, {
      token: alice,
      raw: true,
    });
    const got = sha256(bytes);
    if (got !== item.sha256)
      throw new Error(`${item.path}: the API served sha256 ${got}, recorded ${item.sha256}`);
  }
  process.stdout.write(`api: alice logged in, ${items.length} files served with their recorded sha256\n`);
}

const commands = { seed, change, bucket: bucketSums, 'wipe-bucket': wipeBucket, 'check-api': checkApi };
if (!commands[command]) {
  process.stderr.write(
    `usage: backup-data.mjs ${Object.keys(commands).join('|')} [API_URL] [FAKE_LLM_URL]\n`,
  );
  process.exit(2);
}
await commands[command]();
