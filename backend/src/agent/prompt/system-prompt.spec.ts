import { describe, expect, it } from 'vitest';
import { loadRules, ruleFiles } from './rules.js';
import { buildSystemPrompt, type PromptFiles } from './system-prompt.js';

function workspace(files: Record<string, string | Buffer>): PromptFiles & { reads: string[] } {
  const reads: string[] = [];
  const metas = Object.entries(files).map(([path, v]) => ({
    path,
    size: Buffer.byteLength(v),
    sha256: `sha-${path}-${Buffer.byteLength(v)}`,
  }));
  return {
    reads,
    listForAgent: async () => ({ items: metas }),
    readForAgent: async (_ws, path) => {
      reads.push(path);
      const v = files[path];
      if (v === undefined) throw new Error('missing');
      return Buffer.isBuffer(v) ? v : Buffer.from(v);
    },
  };
}

const paths = (groups: { path: string }[][]) => groups.map((g) => g.map((f) => f.path));
const meta = (...names: string[]) => names.map((path) => ({ path, size: 10 }));

describe('ruleFiles (where Roo looks)', () => {
  it('mode folder, AGENTS.md (+ local), general folder, in that order; folders sorted, junk skipped', () => {
    const files = meta(
      '.roo/rules/b.md',
      '.roo/rules/a.md',
      '.roo/rules/notes.md.bak',
      '.roo/rules-code/style.md',
      '.roo/rules-code/.DS_Store',
      '.roo/rules-architect/plan.md',
      '.roorules',
      '.roorules-code',
      'AGENTS.md',
      'AGENTS.local.md',
      'src/AGENTS.md',
    );
    expect(paths(ruleFiles(files, 'code'))).toEqual([
      ['.roo/rules-code/style.md'],
      ['AGENTS.md', 'AGENTS.local.md'],
      ['.roo/rules/a.md', '.roo/rules/b.md'],
    ]);
  });

  it('falls back to .roorules-<mode> / .clinerules-<mode>, AGENT.md, .roorules / .clinerules', () => {
    expect(
      paths(ruleFiles(meta('.roorules-ask', '.clinerules-ask', 'AGENT.md', '.roorules'), 'ask')),
    ).toEqual([['.roorules-ask'], ['AGENT.md'], ['.roorules']]);
    expect(paths(ruleFiles(meta('.clinerules-ask', '.clinerules'), 'ask'))).toEqual([
      ['.clinerules-ask'],
      [],
      ['.clinerules'],
    ]);
    expect(paths(ruleFiles(meta('.roorules-code'), 'ask'))).toEqual([[], [], []]);
  });
});

describe('loadRules', () => {
  it('caps each file and the total, skips binary and unreadable files, and says so', async () => {
    const files = {
      '.roo/rules/1.md': 'a'.repeat(300),
      '.roo/rules/2.bin': Buffer.from([1, 0, 2]),
      '.roo/rules/3.md': 'b'.repeat(300),
      '.roo/rules/4.md': 'c'.repeat(50),
    };
    const ws = workspace(files);
    const metas = [...(await ws.listForAgent('w', '', true)).items, { path: '.roo/rules/5.md', size: 5 }];
    const r = await loadRules(
      metas,
      'code',
      { read: (p) => ws.readForAgent('w', p) },
      {
        maxFiles: 10,
        maxFileChars: 200,
        maxTotalChars: 450,
      },
    );
    expect(r.files).toEqual(['.roo/rules/1.md', '.roo/rules/3.md']);
    expect(r.text).toContain(`# Rules from .roo/rules/1.md:\n${'a'.repeat(200)}\n[… cut`);
    expect(r.skipped).toEqual([
      { path: '.roo/rules/1.md', reason: 'cut to 200 characters' },
      { path: '.roo/rules/2.bin', reason: 'not a text file' },
      { path: '.roo/rules/3.md', reason: expect.stringMatching(/^cut to 1\d\d characters$/) },
      { path: '.roo/rules/4.md', reason: 'rules exceed 450 characters in all' },
      { path: '.roo/rules/5.md', reason: 'rules exceed 450 characters in all' },
    ]);
  });

  it('never reads a file far larger than the cap', async () => {
    const ws = workspace({ 'AGENTS.md': 'x' });
    const r = await loadRules([{ path: 'AGENTS.md', size: 50_000_000 }], 'code', {
      read: (p) => ws.readForAgent('w', p),
    });
    expect(ws.reads).toEqual([]);
    expect(r.skipped[0].reason).toMatch(/larger than/);
  });
});

describe('buildSystemPrompt', () => {
  const code = {
    slug: 'code',
    name: 'Code',
    roleDefinition: 'You are a careful engineer.',
    whenToUse: 'Writing code.',
    customInstructions: 'Prefer small functions.',
  };
  const ask = { slug: 'ask', name: 'Ask', roleDefinition: 'You answer questions. More.', whenToUse: '' };

  it('has Roo’s sections in order, the mode’s instructions and the workspace rules at the end', async () => {
    const ws = workspace({
      'AGENTS.md': 'Run npm test before finishing.',
      '.roo/rules-code/naming.md': 'Use camelCase.',
      '.roorules': 'ignored: .roo/rules is absent but .roorules is the fallback',
      'src/index.ts': 'x',
    });
    const { prompt, rules } = await buildSystemPrompt({
      workspaceId: 'w',
      mode: code,
      toolNames: ['read_file', 'apply_diff', 'execute_command', 'attempt_completion'],
      modes: [code, ask],
      todos: '[ ] write tests',
      files: ws,
      today: '2026-11-29',
    });
    const order = [
      'You are a careful engineer.',
      'MARKDOWN RULES',
      'TOOL USE',
      'CAPABILITIES',
      'MODES',
      '====\n\nRULES\n',
      'SYSTEM INFORMATION',
      'OBJECTIVE',
      'WORKSPACE FILES',
      'TODO LIST',
      "USER'S CUSTOM INSTRUCTIONS",
      'Mode-specific Instructions:\nPrefer small functions.',
      '# Rules from .roo/rules-code/naming.md:\nUse camelCase.',
      '# Rules from AGENTS.md:\nRun npm test before finishing.',
      '# Rules from .roorules:',
    ];
    const at = order.map((s) => prompt.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(prompt).toContain('  * "Ask" mode (ask) - You answer questions\n');
    expect(prompt).toContain('Today (UTC): 2026-11-29');
    expect(prompt).toContain('workspace at /workspace');
    expect(rules.files).toEqual(['.roo/rules-code/naming.md', 'AGENTS.md', '.roorules']);
  });

  it('reads a rule file once while its content stays the same', async () => {
    const ws = workspace({ 'AGENTS.md': 'Be brief.' });
    const input = { workspaceId: 'cache-ws', mode: ask, toolNames: [], modes: [ask], files: ws };
    await buildSystemPrompt(input);
    const { prompt } = await buildSystemPrompt(input);
    expect(prompt).toContain('Be brief.');
    expect(prompt).toContain('This mode cannot change files');
    expect(ws.reads).toEqual(['AGENTS.md']);
  });
});
