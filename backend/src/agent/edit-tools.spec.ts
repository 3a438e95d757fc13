import { describe, expect, it } from 'vitest';
import type { GroupEntry } from '../modes/mode.entity.js';
import { refusal, toolsForGroups } from '../modes/tool-policy.js';
import { EDIT_TOOL_SPECS, EDIT_TOOLS, planEdit } from './edit-tools.js';

const diff = (search: string, replace: string) =>
  `<<<<<<< SEARCH\n:start_line:2\n-------\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;

describe('planEdit', () => {
  const file = 'title\nbody\nend\n';

  it('apply_diff: the display is an appliedDiff with a unified patch the task view renders, and stats', () => {
    const plan = planEdit('apply_diff', { path: 'a.md', diff: diff('body', 'new body\nmore') }, file);
    expect(plan).toMatchObject({ ok: true, newContent: 'title\nnew body\nmore\nend\n', note: '' });
    expect(plan.display).toEqual({
      tool: 'appliedDiff',
      path: 'a.md',
      diff: '--- a/a.md\n+++ b/a.md\n@@ -2,1 +2,2 @@\n-body\n+new body\n+more',
      diffStats: { added: 2, removed: 1 },
      blocks: 1,
    });
  });

  it('apply_diff: a partly applied diff says which blocks failed and why', () => {
    const two = `${diff('body', 'BODY')}\n${diff('missing line', 'x')}`;
    const plan = planEdit('apply_diff', { path: 'a.md', diff: two }, file);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.display.failedBlocks).toEqual([2]);
    expect(plan.note).toMatch(
      /Only 1 of 2 block\(s\) were applied: .*\nblock 2 \(:start_line:2\): no lines near line 2/,
    );
  });

  it('edit / search_and_replace / search_replace / edit_file with their parameters', () => {
    const call = { file_path: 'a.md', old_string: 'body', new_string: 'BODY' };
    for (const tool of ['edit', 'search_and_replace', 'search_replace', 'edit_file'])
      expect(planEdit(tool, call, file)).toMatchObject({ ok: true, newContent: 'title\nBODY\nend\n' });
    const many = 'x x x';
    expect(
      planEdit('edit', { ...call, old_string: 'x', new_string: 'y', replace_all: true }, many),
    ).toMatchObject({
      ok: true,
      newContent: 'y y y',
      note: ' (3 replacements)',
    });
    // search_replace changes exactly one occurrence: replace_all does not apply to it.
    expect(
      planEdit('search_replace', { ...call, old_string: 'x', new_string: 'y', replace_all: true }, many).ok,
    ).toBe(false);
    expect(
      planEdit('edit_file', { ...call, old_string: 'x', new_string: 'y', expected_replacements: 3 }, many),
    ).toMatchObject({ ok: true, newContent: 'y y y' });
  });

  it('edit_file creates a missing file from an empty old_string, never over an existing one', () => {
    const create = { file_path: 'new.txt', old_string: '', new_string: 'hello\n' };
    expect(planEdit('edit_file', create, null)).toMatchObject({
      ok: true,
      newContent: 'hello\n',
      display: { tool: 'newFileCreated', path: 'new.txt', content: 'hello\n' },
    });
    expect(planEdit('edit_file', create, 'old')).toMatchObject({ ok: false, error: /already exists/ });
    expect(planEdit('edit', { ...create, old_string: 'a' }, null)).toMatchObject({
      ok: false,
      error: /does not exist/,
    });
  });
});

describe('edit tools under a mode', () => {
  it('are offered with the edit group and limited by its fileRegex, whichever name the path has', () => {
    const docs: GroupEntry[] = ['read', ['edit', { fileRegex: '\\.md$', description: 'Markdown' }]];
    for (const t of EDIT_TOOLS) expect(toolsForGroups(docs).has(t)).toBe(true);
    expect(toolsForGroups(['read']).has('edit')).toBe(false);
    expect(refusal('docs', docs, 'edit', { file_path: 'src/app.ts' })).toMatch(/may only edit/);
    expect(refusal('docs', docs, 'edit_file', { file_path: 'notes.md' })).toBeNull();
    // An empty path cannot hide the file_path the tool will write.
    expect(refusal('docs', docs, 'edit', { path: '', file_path: 'src/app.ts' })).toMatch(/may only edit/);
    expect(EDIT_TOOL_SPECS.map((s) => s.name)).toEqual(['apply_diff', 'edit']);
  });
});
