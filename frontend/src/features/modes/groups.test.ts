import { describe, expect, it } from 'vitest';
import { describeGroups, groupChoice, groupEntries, type ModeGroup } from './groups';

describe('mode groups in the form', () => {
  it('round-trips Roo group entries, the edit restriction included', () => {
    const groups: ModeGroup[] = [
      'read',
      ['edit', { fileRegex: '\\.md$', description: 'Markdown only' }],
      'mcp',
    ];
    const choice = groupChoice(groups);
    expect([...choice.enabled]).toEqual(['read', 'edit', 'mcp']);
    expect(choice.fileRegex).toBe('\\.md$');
    expect(groupEntries(choice)).toEqual(groups);
  });

  it('drops the restriction when its regex is cleared, and keeps the canonical order', () => {
    const choice = {
      enabled: new Set(['command', 'edit', 'read']),
      fileRegex: ' ',
      fileRegexDescription: 'x',
    };
    expect(groupEntries(choice)).toEqual(['read', 'edit', 'command']);
  });

  it('describes groups for people', () => {
    expect(describeGroups(['read', ['edit', { fileRegex: '\\.md$' }]])).toBe(
      'Read files, Edit files (\\.md$)',
    );
    expect(describeGroups([])).toBe('no tool groups');
  });
});
