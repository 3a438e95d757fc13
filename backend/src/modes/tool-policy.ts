import { compileFileRegex } from '../agent/search-patterns.js';
import type { GroupEntry, GroupOptions, ToolGroup } from './mode.entity.js';
import { TOOL_GROUPS } from './mode.entity.js';

/** Tools every mode has (as in Roo-Code). */
export const ALWAYS_AVAILABLE_TOOLS = [
  'ask_followup_question',
  'attempt_completion',
  'update_todo_list',
  'switch_mode',
  'new_task',
];

/** Which tools each group unlocks (built-ins as in Roo Code: code and debug have `command`). `execute_command` runs in the sandbox (docs/sandbox.md). */
export const GROUP_TOOLS: Record<ToolGroup, string[]> = {
  read: ['read_file', 'list_files', 'search_files'],
  edit: ['write_to_file', 'apply_diff', 'edit', 'search_and_replace', 'search_replace', 'edit_file'],
  command: ['execute_command'],
  mcp: ['use_mcp_tool', 'access_mcp_resource'],
  modes: ['switch_mode', 'new_task'],
};

const entryGroup = (e: GroupEntry): ToolGroup => (Array.isArray(e) ? e[0] : e);
const entryOptions = (e: GroupEntry): GroupOptions => (Array.isArray(e) ? e[1] : {});

/** The tools a mode with these groups may call. */
export function toolsForGroups(groups: GroupEntry[]): Set<string> {
  const tools = new Set(ALWAYS_AVAILABLE_TOOLS);
  for (const g of groups) for (const t of GROUP_TOOLS[entryGroup(g)] ?? []) tools.add(t);
  return tools;
}

/**
 * Why a call is refused in this mode, or null when it is allowed. An edit group limited
 * by `fileRegex` refuses edits of other paths.
 */
export function refusal(
  modeSlug: string,
  groups: GroupEntry[],
  tool: string,
  input: Record<string, unknown>,
): string | null {
  if (!toolsForGroups(groups).has(tool)) return `tool ${tool} is not allowed in mode "${modeSlug}"`;
  if (GROUP_TOOLS.edit.includes(tool)) {
    const edit = groups.find((g) => entryGroup(g) === 'edit');
    const regex = edit ? entryOptions(edit).fileRegex : undefined;
    // Roo's string edits name the file file_path.
    const named = (typeof input.path === 'string' && input.path) || input.file_path;
    const path = typeof named === 'string' ? named : '';
    if (regex) {
      // RE2: the path comes from the model, so the match must be linear-time.
      const compiled = compileFileRegex(regex);
      if (!compiled.ok)
        return `mode "${modeSlug}" has an edit restriction (${regex}) that cannot be checked safely; edits are refused`;
      if (!compiled.matcher.test(path)) {
        const what = entryOptions(edit!).description ?? regex;
        return `mode "${modeSlug}" may only edit files matching ${regex} (${what}); ${path || 'this path'} does not`;
      }
    }
  }
  return null;
}

/**
 * Why `target` gives more rights than `current` (a tool `current` lacks, or edits of files
 * `current` may not edit), or null when it gives none. Different file restrictions count
 * as wider: whether one regex covers another cannot be decided in general.
 */
export function widerRights(current: GroupEntry[], target: GroupEntry[]): string | null {
  const have = toolsForGroups(current);
  const extra = [...toolsForGroups(target)].filter((t) => !have.has(t));
  if (extra.length) return `it allows ${extra.join(', ')}`;
  const edit = (groups: GroupEntry[]) => groups.find((g) => entryGroup(g) === 'edit');
  const from = edit(current);
  const to = edit(target);
  if (from && to) {
    const fromRegex = entryOptions(from).fileRegex;
    const toRegex = entryOptions(to).fileRegex;
    if (fromRegex && toRegex !== fromRegex)
      return toRegex
        ? `it edits files matching ${toRegex} instead of ${fromRegex}`
        : `it edits any file, not only files matching ${fromRegex}`;
  }
  return null;
}

/** Validates groups given by a user (custom modes); returns a reason when they are not valid. */
export function invalidGroups(groups: unknown): string | null {
  if (!Array.isArray(groups)) return 'groups must be an array';
  const seen = new Set<string>();
  for (const g of groups) {
    const name: unknown = Array.isArray(g) ? g[0] : g;
    if (typeof name !== 'string' || !(TOOL_GROUPS as readonly string[]).includes(name)) {
      return `groups entries must be one of ${TOOL_GROUPS.join(', ')} or [group, {fileRegex?, description?}]`;
    }
    if (seen.has(name)) return `group ${name} is listed twice`;
    seen.add(name);
    if (Array.isArray(g)) {
      const opts: unknown = g[1];
      if (g.length !== 2 || !opts || typeof opts !== 'object' || Array.isArray(opts))
        return `options of group ${name} must be an object`;
      const { fileRegex, description, ...rest } = opts as Record<string, unknown>;
      if (Object.keys(rest).length) return `unknown option ${Object.keys(rest)[0]} in group ${name}`;
      if (description !== undefined && (typeof description !== 'string' || description.length > 200))
        return 'description must be a short string';
      if (fileRegex !== undefined) {
        if (typeof fileRegex !== 'string' || fileRegex.length > 500) return 'fileRegex must be a string';
        const compiled = compileFileRegex(fileRegex);
        if (!compiled.ok)
          return `fileRegex of group ${name} is not a valid RE2 regular expression (no lookaround or backreferences): ${compiled.error}`;
      }
    }
  }
  return null;
}
