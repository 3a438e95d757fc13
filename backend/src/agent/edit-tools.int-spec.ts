import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { FakeLlm, type FakeRequest, type FakeTurn } from '../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';

const SOURCE = [
  'export function area(w, h) {',
  '  return w * h;',
  '}',
  '',
  'export const unit = "cm";',
  '',
].join('\n');

/**
 * Roo's edit tools and workspace rules in a real run: the model's requests carry the rules,
 * apply_diff takes numbered lines and applies the blocks it can, `search_and_replace` (Roo's
 * alias of `edit`) replaces by file_path, and the task view's messages carry a unified patch.
 */
describe("Roo's edit tools and workspace rules in agent runs (real API, worker, Postgres, Redis, S3, fake LLM)", () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let ws: string;
  let script: FakeTurn[] = [];

  beforeAll(async () => {
    fake = new FakeLlm((_req: FakeRequest, i: number) => script[i] ?? { text: 'done' });
    await fake.start();
    api = await startApi({ LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000', LOG_LEVEL: 'silent' });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'edits' }).expect(201))
      .body.id;
    const put = (path: string, text: string) =>
      http(api)
        .put(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`)
        .set(bearer(owner))
        .set('content-type', 'text/plain')
        .send(text)
        .expect(200);
    await put('src/geometry.js', SOURCE);
    await put('AGENTS.md', 'Always run the tests before you finish.');
    await put('.roo/rules-code/style.md', 'Use double quotes in JavaScript.');
    await put('.roo/rules-ask/only-ask.md', 'ASK MODE ONLY');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
  });

  const readFile = async (path: string) =>
    (
      await http(api)
        .get(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`)
        .set(bearer(owner))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
        })
        .expect(200)
    ).body as string;

  it('sends the rules, applies a numbered multi-block diff with one bad block, then a search_and_replace', async () => {
    const diff = [
      '<<<<<<< SEARCH',
      ':start_line:1',
      ':end_line:2',
      '-------',
      '1 | export function area(w, h) {',
      '2 |   return w * h;',
      '=======',
      '1 | export function area(w, h) {',
      '2 |   return Math.abs(w * h);',
      '>>>>>>> REPLACE',
      '',
      '<<<<<<< SEARCH',
      ':start_line:5',
      '-------',
      'export const unit = "inch";',
      'export const scale = 1000;',
      '=======',
      'export const unit = "mm";',
      '>>>>>>> REPLACE',
    ].join('\n');
    script = [
      { toolCalls: [{ name: 'apply_diff', input: { path: 'src/geometry.js', diff } }] },
      {
        toolCalls: [
          {
            name: 'search_and_replace',
            input: { file_path: 'src/geometry.js', old_string: '"cm"', new_string: '"mm"' },
          },
        ],
      },
      { toolCalls: [{ name: 'attempt_completion', input: { result: 'Edited.' } }] },
    ];
    const provider = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/providers`)
        .set(bearer(owner))
        .send({
          name: 'fake',
          kind: 'openai',
          baseUrl: `${fake.url}/v1`,
          model: 'fake',
          apiKey: 'sk-test-edits-0123456789',
        })
        .expect(201)
    ).body as { id: string };
    const created = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({
        prompt: 'Fix area',
        mode: 'code',
        providerId: provider.id,
        autoApprove: { read: true, write: true },
      })
      .expect(201);
    const id: string = created.body.id;
    await waitFor(
      async () =>
        (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body.status ===
        'completed',
      20_000,
      'completion',
    );

    // The workspace rules of the task's mode (and AGENTS.md) reached the model; another mode's did not.
    const system = (fake.requests[0].body.messages as { role: string; content: string }[])[0];
    expect(system.role).toBe('system');
    expect(system.content).toContain(
      '# Rules from .roo/rules-code/style.md:\nUse double quotes in JavaScript.',
    );
    expect(system.content).toContain('# Rules from AGENTS.md:\nAlways run the tests before you finish.');
    expect(system.content).not.toContain('ASK MODE ONLY');

    expect(await readFile('src/geometry.js')).toBe(
      SOURCE.replace('w * h;', 'Math.abs(w * h);').replace('"cm"', '"mm"'),
    );
    const messages = (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200))
      .body as {
      say?: string;
      text: string;
      meta?: { toolResult?: { content: string; isError: boolean } };
    }[];
    const tools = messages.filter((m) => m.say === 'tool' && m.meta?.toolResult);
    const [diffMsg, replaceMsg] = tools;
    // The model is told which block failed and why; the user sees what was applied as a patch.
    expect(diffMsg.meta!.toolResult).toMatchObject({ isError: false });
    expect(diffMsg.meta!.toolResult!.content).toMatch(
      /Only 1 of 2 block\(s\) were applied: .*\nblock 2 \(:start_line:5\): no lines near line 5 are similar enough/,
    );
    expect(JSON.parse(diffMsg.text)).toMatchObject({
      tool: 'appliedDiff',
      path: 'src/geometry.js',
      diff: [
        '--- a/src/geometry.js',
        '+++ b/src/geometry.js',
        '@@ -2,1 +2,1 @@',
        '-  return w * h;',
        '+  return Math.abs(w * h);',
      ].join('\n'),
      diffStats: { added: 1, removed: 1 },
      failedBlocks: [2],
    });
    expect(JSON.parse(replaceMsg.text)).toMatchObject({
      tool: 'appliedDiff',
      diff: expect.stringContaining('-export const unit = "cm";\n+export const unit = "mm";'),
    });
  });
});
