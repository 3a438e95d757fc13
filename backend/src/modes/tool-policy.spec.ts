import { describe, expect, it } from 'vitest';
import type { GroupEntry } from './mode.entity.js';
import { invalidGroups, refusal, widerRights } from './tool-policy.js';

const architect: GroupEntry[] = [
  'read',
  ['edit', { fileRegex: '\\.md$', description: 'Markdown files only' }],
  'mcp',
];
const code: GroupEntry[] = ['read', 'edit', 'command', 'mcp'];
const ask: GroupEntry[] = ['read', 'mcp'];

describe('tool policy', () => {
  it('limits edits to the mode fileRegex', () => {
    expect(refusal('architect', architect, 'write_to_file', { path: 'docs/plan.md' })).toBeNull();
    expect(refusal('architect', architect, 'write_to_file', { path: 'src/x.ts' })).toMatch(/Markdown/);
    expect(refusal('ask', ask, 'apply_diff', { path: 'a.md' })).toMatch(/not allowed/);
  });

  it('checks a model-chosen path against a custom fileRegex in linear time, and refuses regexes RE2 cannot run', () => {
    const evil: GroupEntry[] = [['edit', { fileRegex: '^(a+)+\\.md$' }]];
    const started = performance.now();
    expect(refusal('evil', evil, 'write_to_file', { path: `${'a'.repeat(40)}!` })).toMatch(/may only edit/);
    expect(performance.now() - started).toBeLessThan(1_000);
    const look: GroupEntry[] = [['edit', { fileRegex: '^(?!secret).*$' }]];
    expect(refusal('look', look, 'write_to_file', { path: 'a.md' })).toMatch(/cannot be checked safely/);
    expect(invalidGroups([['edit', { fileRegex: '^(?!secret)' }]])).toMatch(/RE2/);
    expect(invalidGroups([['edit', { fileRegex: '\\.md$' }]])).toBeNull();
  });

  it('tells when a mode gives more rights than another (mode escape)', () => {
    expect(widerRights(architect, code)).toMatch(/allows execute_command/);
    expect(widerRights(architect, ['read', 'edit', 'mcp'])).toMatch(/edits any file/);
    expect(widerRights(ask, code)).toMatch(/write_to_file/);
    expect(widerRights(code, ask)).toBeNull();
    expect(widerRights(code, architect)).toBeNull();
    expect(widerRights(architect, architect)).toBeNull();
    expect(widerRights(architect, [['edit', { fileRegex: '\\.ts$' }]])).toMatch(/instead of/);
  });
});
