import { describe, expect, it } from 'vitest';
import { ROOMODES_JSON, ROOMODES_YAML } from './roomodes.fixtures.js';
import { parseRooModes, serializeRooModes } from './roomodes.js';

describe('parseRooModes', () => {
  it('reads a real-shaped YAML file: unknown fields ignored, legacy group left out with a warning', () => {
    const r = parseRooModes(ROOMODES_YAML);
    expect(r.errors).toEqual([]);
    expect(r.modes).toEqual([
      {
        slug: 'docs-writer',
        name: '📝 Docs Writer',
        roleDefinition: 'You are a technical writer who keeps the docs accurate and short.',
        whenToUse: 'Use this mode for README and docs/ changes.',
        customInstructions: 'Keep sentences short.\nLink to code with relative paths.',
        groups: ['read', ['edit', { fileRegex: '\\.(md|mdx)$', description: 'Markdown files only' }]],
      },
      {
        slug: 'test-runner',
        name: '🧪 Test Runner',
        roleDefinition: 'You run the test suite and report failures.',
        whenToUse: '',
        customInstructions: '',
        groups: ['read', 'command'],
      },
    ]);
    expect(r.warnings).toEqual([
      'mode "docs-writer": group "browser" no longer exists in Roo Code and was left out',
    ]);
  });

  it('reads JSON, a bare list, and a single pasted mode', () => {
    expect(parseRooModes(ROOMODES_JSON).modes.map((m) => m.slug)).toEqual(['reviewer']);
    const list = parseRooModes('[{"slug":"a","name":"A","roleDefinition":"r","groups":[]}]');
    expect(list.modes.map((m) => m.slug)).toEqual(['a']);
    const one = parseRooModes('slug: b\nname: B\nroleDefinition: r\ngroups: [read]\nsource: project\n');
    expect(one).toMatchObject({ errors: [], modes: [{ slug: 'b', groups: ['read'] }] });
  });

  it('refuses the whole file with every reason: bad slug, missing fields, duplicate, bad regex', () => {
    const r = parseRooModes(
      JSON.stringify({
        customModes: [
          { slug: 'Bad Slug', name: 'x', roleDefinition: 'r', groups: [] },
          { slug: 'ok', roleDefinition: '', groups: [] },
          { slug: 'dup', name: 'D', roleDefinition: 'r', groups: [] },
          { slug: 'dup', name: 'D', roleDefinition: 'r', groups: [] },
          { slug: 'evil', name: 'E', roleDefinition: 'r', groups: [['edit', { fileRegex: '(?=x)' }]] },
          { slug: 'twice', name: 'T', roleDefinition: 'r', groups: ['read', 'read'] },
        ],
      }),
    );
    expect(r.errors).toEqual([
      'mode "Bad Slug": slug must be lowercase letters, digits and dashes (at most 50)',
      'mode "ok": name is required',
      'mode "ok": roleDefinition is required',
      'mode "dup": listed twice',
      expect.stringMatching(/^mode "evil": fileRegex of group edit is not a valid RE2/),
      'mode "twice": group read is listed twice',
    ]);
  });

  it('refuses what is not a .roomodes file, an oversized one and YAML alias bombs', () => {
    expect(parseRooModes('').errors).toEqual(['the file is empty']);
    expect(parseRooModes('customModes: 3').errors).toEqual(['expected customModes: a list of modes']);
    expect(parseRooModes('customModes: [\n  - a').errors[0]).toMatch(/^not valid YAML or JSON/);
    expect(parseRooModes('x'.repeat(600_000)).errors[0]).toMatch(/longer than/);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = i === 0 ? 'a' : `l${i - 1}`;
        return `l${i}: &l${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
      'customModes: *l8',
    ].join('\n');
    expect(parseRooModes(bomb).errors[0]).toMatch(/not valid YAML or JSON/);
  });
});

describe('serializeRooModes', () => {
  it('round-trips through YAML and JSON', () => {
    const { modes } = parseRooModes(ROOMODES_YAML);
    for (const format of ['yaml', 'json'] as const) {
      const text = serializeRooModes(modes, format);
      expect(text).toContain('source: project'.replace(': ', format === 'json' ? '": "' : ': '));
      expect(parseRooModes(text)).toEqual({ modes, warnings: [], errors: [] });
    }
  });
});
