import type { ModeGroup } from '@/lib/api/types';

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

const nameOf = (g: ModeGroup) => (Array.isArray(g) ? g[0] : g);

/** The form's view of a mode's groups. */
export function groupChoice(groups: readonly ModeGroup[]): GroupChoice {
  const edit = groups.find((g) => nameOf(g) === 'edit');
  const opts = Array.isArray(edit) ? edit[1] : {};
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
      const regex = Array.isArray(g) && typeof g[1].fileRegex === 'string' ? ` (${g[1].fileRegex})` : '';
      return label + regex;
    })
    .join(', ');
}
