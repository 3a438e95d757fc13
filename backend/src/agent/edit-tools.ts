import { createHash } from 'node:crypto';
import type { LlmTool } from '../providers/llm/llm-client.js';
import {
  applyDiff,
  applyStringEdit,
  describeFailures,
  diffStats,
  unifiedPatch,
  type AppliedHunk,
} from './apply-diff.js';

/**
 * Roo-Code's edit tools besides write_to_file: apply_diff (SEARCH/REPLACE blocks) and the
 * string edits `edit` (alias `search_and_replace`), `search_replace` and `edit_file`.
 * Each plan says what the file becomes and carries a unified patch for the task view.
 */
export const EDIT_TOOLS = ['apply_diff', 'edit', 'search_and_replace', 'search_replace', 'edit_file'];

/** Roo's alias: a model trained on either name gets the same tool. */
export const EDIT_TOOL_ALIASES: Record<string, string> = { search_and_replace: 'edit' };

const DISPLAY_MAX = 16 * 1024;
const PREVIEW = 2 * 1024;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The file an edit call names: Roo's string edits call it file_path, apply_diff path. */
export function editPath(input: Record<string, unknown>): string {
  return str(input.path) || str(input.file_path);
}

/** A patch too large to show keeps a preview, its size and sha256 (the call holds the rest). */
function shownPatch(patch: string): Record<string, unknown> {
  if (patch.length <= DISPLAY_MAX) return { diff: patch };
  const bytes = Buffer.from(patch, 'utf8');
  return {
    diff: patch.slice(0, PREVIEW),
    truncated: true,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

export type EditPlan =
  | { ok: true; newContent: string; display: Record<string, unknown>; note: string }
  | { ok: false; error: string; display: Record<string, unknown> };

function changed(path: string, hunks: AppliedHunk[], extra: Record<string, unknown> = {}) {
  return {
    tool: 'appliedDiff',
    path,
    ...shownPatch(unifiedPatch(path, hunks)),
    diffStats: diffStats(hunks),
    ...extra,
  };
}

const positiveInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/**
 * What an edit call would do to a file whose current text is `original` (null: the file does
 * not exist). Pure: the caller reads and writes.
 */
export function planEdit(
  tool: string,
  input: Record<string, unknown>,
  original: string | null,
  options: { threshold?: number } = {},
): EditPlan {
  const path = editPath(input);
  const base = { tool: 'appliedDiff', path };
  if (tool === 'edit_file' && str(input.old_string) === '') {
    // Roo's edit_file creates a file when old_string is empty, never over an existing one.
    if (original !== null)
      return {
        ok: false,
        error: `${path} already exists; give old_string to change it, or use write_to_file`,
        display: base,
      };
    const content = str(input.new_string);
    return {
      ok: true,
      newContent: content,
      display: {
        tool: 'newFileCreated',
        path,
        ...(content.length <= DISPLAY_MAX ? { content } : shownPatch(content)),
      },
      note: '',
    };
  }
  if (original === null)
    return { ok: false, error: `${path} does not exist; create it with write_to_file`, display: base };
  if (tool === 'apply_diff') {
    const r = applyDiff(original, str(input.diff), options);
    if (!r.ok) return { ok: false, error: r.error, display: base };
    const failed = r.failures.length ? describeFailures(r.failures, r.blocks) : '';
    return {
      ok: true,
      newContent: r.content,
      display: changed(path, r.hunks, {
        blocks: r.blocks,
        ...(failed ? { failedBlocks: r.failures.map((f) => f.block) } : {}),
      }),
      note: failed
        ? `\nOnly ${r.applied} of ${r.blocks} block(s) were applied: ${failed}\nRead the file again before sending the failed blocks again.`
        : '',
    };
  }
  const expected = tool === 'edit_file' ? (positiveInt(input.expected_replacements) ?? 1) : undefined;
  const r = applyStringEdit(original, {
    oldString: str(input.old_string),
    newString: str(input.new_string),
    replaceAll: (tool === 'edit' || tool === 'search_and_replace') && input.replace_all === true,
    expected,
  });
  if (!r.ok) return { ok: false, error: r.error, display: base };
  return {
    ok: true,
    newContent: r.content,
    display: changed(path, r.hunks),
    note: r.replaced > 1 ? ` (${r.replaced} replacements)` : '',
  };
}

const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const text = (description: string) => ({ type: 'string', description });

/** The edit tools offered to the model (search_replace and edit_file are accepted when called, not offered). */
export const EDIT_TOOL_SPECS: LlmTool[] = [
  {
    name: 'apply_diff',
    description:
      'Change parts of an existing file with one or more SEARCH/REPLACE blocks in one call (preferred for edits). ' +
      'Each block:\n<<<<<<< SEARCH\n:start_line:N\n-------\n[existing lines]\n=======\n[new lines]\n>>>>>>> REPLACE\n' +
      ':start_line: is the line where SEARCH starts in the file as you last read it (an optional :end_line: follows it). ' +
      'SEARCH should copy the existing lines exactly; read_file line-number prefixes are removed, whitespace differences are tolerated and a close match near :start_line: is accepted. ' +
      'Blocks that cannot be placed are reported and the others still apply. Escape a content line that looks like a marker with a backslash (\\=======). ' +
      "Needs the user's approval unless auto-approve is on.",
    parameters: obj(
      {
        path: text('file path, relative to the workspace root'),
        diff: text('one or more SEARCH/REPLACE blocks'),
      },
      ['path', 'diff'],
    ),
  },
  {
    name: 'edit',
    description:
      'Replace an exact piece of text in an existing file (also callable as search_and_replace). old_string must match the file exactly, whitespace included, ' +
      'without read_file line-number prefixes, and must be unique unless replace_all is true. ' +
      "Needs the user's approval unless auto-approve is on.",
    parameters: obj(
      {
        file_path: text('file path, relative to the workspace root'),
        old_string: text('the exact text to replace'),
        new_string: text('the text to put instead'),
        replace_all: { type: 'boolean', description: 'replace every occurrence (default false)' },
      },
      ['file_path', 'old_string', 'new_string'],
    ),
  },
];
