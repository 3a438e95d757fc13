import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createWorkspace, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { ROOMODES_JSON, ROOMODES_YAML } from './roomodes.fixtures.js';

interface ModeRow {
  slug: string;
  name: string;
  roleDefinition: string;
  whenToUse: string;
  customInstructions: string;
  groups: unknown[];
  builtIn: boolean;
}

describe('custom modes in Roo Code’s .roomodes format (API, real Postgres)', () => {
  let api: TestApi;
  let owner: Session;
  let viewer: Session;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    await signUp(api);
    owner = await signUp(api);
    viewer = await signUp(api);
  });
  afterAll(() => api?.close());

  const base = (ws: string) => `/api/v1/workspaces/${ws}/modes`;
  const custom = async (ws: string) =>
    ((await http(api).get(base(ws)).set(bearer(owner)).expect(200)).body as ModeRow[]).filter(
      (m) => !m.builtIn,
    );

  it('imports a YAML .roomodes: fields kept, unknown ones ignored, the legacy group reported', async () => {
    const ws = await createWorkspace(api, owner, 'yaml import');
    const res = await http(api)
      .post(`${base(ws)}/import`)
      .set(bearer(owner))
      .send({ content: ROOMODES_YAML })
      .expect(200);
    expect(res.body).toEqual({
      created: ['docs-writer', 'test-runner'],
      updated: [],
      skipped: [],
      warnings: ['mode "docs-writer": group "browser" no longer exists in Roo Code and was left out'],
    });
    const modes = await custom(ws);
    expect(modes.find((m) => m.slug === 'docs-writer')).toMatchObject({
      name: '📝 Docs Writer',
      whenToUse: 'Use this mode for README and docs/ changes.',
      customInstructions: 'Keep sentences short.\nLink to code with relative paths.',
      groups: ['read', ['edit', { fileRegex: '\\.(md|mdx)$', description: 'Markdown files only' }]],
    });
    expect(modes.find((m) => m.slug === 'test-runner')?.groups).toEqual(['read', 'command']);
  });

  it('imports JSON; an existing slug is skipped unless overwrite, a built-in slug always', async () => {
    const ws = await createWorkspace(api, owner, 'json import');
    const first = await http(api)
      .post(`${base(ws)}/import`)
      .set(bearer(owner))
      .send({ content: ROOMODES_JSON });
    expect(first.status).toBe(200);
    expect(first.body.created).toEqual(['reviewer']);
    const changed = ROOMODES_JSON.replace('You review changes for correctness.', 'You review strictly.');
    const again = await http(api)
      .post(`${base(ws)}/import`)
      .set(bearer(owner))
      .send({ content: changed });
    expect(again.body).toMatchObject({ created: [], updated: [], skipped: [{ slug: 'reviewer' }] });
    const forced = await http(api)
      .post(`${base(ws)}/import`)
      .set(bearer(owner))
      .send({ content: changed, overwrite: true })
      .expect(200);
    expect(forced.body.updated).toEqual(['reviewer']);
    expect((await custom(ws))[0].roleDefinition).toBe('You review strictly.');
    const builtIn = await http(api)
      .post(`${base(ws)}/import`)
      .set(bearer(owner))
      .send({ content: 'customModes:\n  - {slug: code, name: Mine, roleDefinition: r, groups: [read]}' })
      .expect(200);
    expect(builtIn.body.skipped).toEqual([{ slug: 'code', reason: 'a built-in mode has this slug' }]);
  });

  it('round trip: export (YAML and JSON) → import into another workspace gives the same modes', async () => {
    const from = await createWorkspace(api, owner, 'export from');
    await http(api)
      .post(`${base(from)}/import`)
      .set(bearer(owner))
      .send({ content: ROOMODES_YAML })
      .expect(200);
    for (const format of ['yaml', 'json']) {
      const exported = await http(api)
        .get(`${base(from)}/export?format=${format}`)
        .set(bearer(owner))
        .expect(200);
      expect(exported.body).toMatchObject({ filename: '.roomodes' });
      expect(exported.body.content).not.toContain('architect');
      const to = await createWorkspace(api, owner, `export to ${format}`);
      const imported = await http(api)
        .post(`${base(to)}/import`)
        .set(bearer(owner))
        .send({ content: exported.body.content })
        .expect(200);
      expect(imported.body.warnings).toEqual([]);
      const strip = (ms: ModeRow[]) => ms.map(({ builtIn: _b, ...m }) => m);
      expect(strip(await custom(to))).toEqual(strip(await custom(from)));
    }
    const all = await http(api)
      .get(`${base(from)}/export?builtIn=true&format=json`)
      .set(bearer(owner))
      .expect(200);
    expect(JSON.parse(all.body.content).customModes.map((m: { slug: string }) => m.slug)).toContain(
      'orchestrator',
    );
  });

  it('refuses a bad file with every reason and changes nothing; viewers cannot import', async () => {
    const ws = await createWorkspace(api, owner, 'bad import');
    const bad = JSON.stringify({
      customModes: [
        { slug: 'fine', name: 'Fine', roleDefinition: 'r', groups: ['read'] },
        { slug: 'evil', name: 'Evil', roleDefinition: 'r', groups: [['edit', { fileRegex: '(a)\\1' }]] },
      ],
    });
    const res = await http(api)
      .post(`${base(ws)}/import`)
      .set(bearer(owner))
      .send({ content: bad })
      .expect(400);
    expect(res.body.message).toMatch(/mode "evil": fileRegex of group edit is not a valid RE2/);
    expect(await custom(ws)).toEqual([]);
    await http(api)
      .post(`${base(ws)}/import`)
      .set(bearer(owner))
      .send({ content: '{{{' })
      .expect(400);
    await http(api)
      .post(`${base(ws)}/import`)
      .set(bearer(viewer))
      .send({ content: ROOMODES_JSON })
      .expect(404);
    await http(api)
      .get(`${base(ws)}/export?format=xml`)
      .set(bearer(owner))
      .expect(400);
  });

  it('a Roo mode config pasted into create is accepted with its source and description', async () => {
    const ws = await createWorkspace(api, owner, 'paste');
    await http(api)
      .post(base(ws))
      .set(bearer(owner))
      .send({
        slug: 'pasted',
        name: 'Pasted',
        roleDefinition: 'You are pasted.',
        description: 'from Roo',
        source: 'project',
        groups: ['read'],
      })
      .expect(201);
    expect((await custom(ws)).map((m) => m.slug)).toEqual(['pasted']);
  });
});
