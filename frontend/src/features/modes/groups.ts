import type { ModeView } from '@/lib/api/generated/openapi';

/**
 * A mode's group entry as the API describes it: a group name, or `[name, options]` (OpenAPI 3.0 has
 * no tuples, so the pair is typed as a short array).
 */
export type ModeGroup = ModeView['groups'][number];
interface GroupOptions {
  fileRegex?: string;
  description?: string;
}

/** Roo Code's tool groups, with what each lets a mode do (for the form's labels). */
export const GROUPS = [
  { name: 'read', label: 'Read files', hint: 'read_file, list_files, search_files' },
  { name: 'edit', label: 'Edit files', hint: 'write_to_file, apply_diff, edit' },
  { name: 'command', label: 'Run commands', hint: 'execute_command in the sandbox' },
  { name: 'mcp', label: 'MCP tools', hint: 'tools of registered MCP servers' },
  { name: 'modes', label: 'Modes', hint: 'switch_mode, new_task' },
] as const;

export interface GroupChoice {
  enabled: Set<string>;
  fileRegex: string;
  fileRegexDescription: string;
}

const nameOf = (g: ModeGroup): string => (typeof g === 'string' ? g : typeof g[0] === 'string' ? g[0] : '');
const optionsOf = (g: ModeGroup | undefined): GroupOptions =>
  Array.isArray(g) && typeof g[1] === 'object' ? g[1] : {};

/** The form's view of a mode's groups. */
export function groupChoice(groups: readonly ModeGroup[]): GroupChoice {
  const edit = groups.find((g) => nameOf(g) === 'edit');
  const opts = optionsOf(edit);
  return {
    enabled: new Set(groups.map(nameOf)),
    fileRegex: typeof opts.fileRegex === 'string' ? opts.fileRegex : '',
    fileRegexDescription: typeof opts.description === 'string' ? opts.description : '',
  };
}

/** Back to Roo's GroupEntry list: edit carries its file restriction when one is given. */
export function groupEntries(choice: GroupChoice): ModeGroup[] {
  return GROUPS.filter((g) => choice.enabled.has(g.name)).map((g): ModeGroup => {
    if (g.name !== 'edit' || !choice.fileRegex.trim()) return g.name;
    const description = choice.fileRegexDescription.trim();
    return ['edit', { fileRegex: choice.fileRegex.trim(), ...(description ? { description } : {}) }];
  });
}

/** One line a person reads: "Read files, Edit files (\.md$)". */
export function describeGroups(groups: readonly ModeGroup[]): string {
  if (!groups.length) return 'no tool groups';
  return groups
    .map((g) => {
      const label = GROUPS.find((x) => x.name === nameOf(g))?.label ?? nameOf(g);
      const { fileRegex } = optionsOf(g);
      const regex = typeof fileRegex === 'string' ? ` (${fileRegex})` : '';
      return label + regex;
    })
    .join(', ');
}
