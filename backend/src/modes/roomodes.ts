import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { TOOL_GROUPS, type GroupEntry } from './mode.entity.js';
import { invalidGroups } from './tool-policy.js';

/**
 * Roo-Code's `.roomodes` file (YAML or JSON): `{ customModes: [ModeConfig, …] }` with
 * ModeConfig = slug, name, roleDefinition, whenToUse?, description?, customInstructions?,
 * groups, source?. Fields we do not keep (description, source, iconName, …) are accepted
 * and ignored; groups Roo dropped ("browser") or that we do not know are left out with a
 * warning, which never gives a mode more rights than the file asked for.
 */

export const ROOMODES_MAX_CHARS = 512 * 1024;
export const ROOMODES_MAX_MODES = 100;
const SLUG = /^[a-z0-9][a-z0-9-]{0,49}$/;
/** Groups Roo-Code removed; a file written by an older version may still list them. */
const LEGACY_GROUPS = ['browser'];

export interface ImportedMode {
  slug: string;
  name: string;
  roleDefinition: string;
  whenToUse: string;
  customInstructions: string;
  groups: GroupEntry[];
}

export interface ParsedRooModes {
  modes: ImportedMode[];
  warnings: string[];
  /** Problems that make the file unusable as a whole: nothing is imported when there is one. */
  errors: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function parseText(text: string): { value: unknown } | { error: string } {
  if (text.length > ROOMODES_MAX_CHARS)
    return { error: `the file is longer than ${ROOMODES_MAX_CHARS} characters` };
  const trimmed = text.trim();
  if (!trimmed) return { error: 'the file is empty' };
  if (trimmed.startsWith('{')) {
    try {
      return { value: JSON.parse(trimmed) as unknown };
    } catch {
      // JSON-looking YAML (flow style) is still YAML: fall through.
    }
  }
  try {
    // Few aliases: a small document must not expand into a huge one.
    return { value: parseYaml(text, { maxAliasCount: 20, uniqueKeys: true }) as unknown };
  } catch (e) {
    return {
      error: `not valid YAML or JSON: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200)}`,
    };
  }
}

function text(
  m: Record<string, unknown>,
  key: string,
  where: string,
  max: number,
  errors: string[],
  required: boolean,
): string {
  const v = m[key];
  if (v === undefined || v === null) {
    if (required) errors.push(`${where}: ${key} is required`);
    return '';
  }
  if (typeof v !== 'string') {
    errors.push(`${where}: ${key} must be a string`);
    return '';
  }
  if (required && !v.trim()) errors.push(`${where}: ${key} is required`);
  if (v.length > max) errors.push(`${where}: ${key} is longer than ${max} characters`);
  return v;
}

function groupsOf(raw: unknown, where: string, warnings: string[], errors: string[]): GroupEntry[] {
  if (!Array.isArray(raw)) {
    errors.push(`${where}: groups must be a list`);
    return [];
  }
  const kept: unknown[] = [];
  for (const g of raw) {
    const name: unknown = Array.isArray(g) ? g[0] : g;
    if (typeof name === 'string' && !(TOOL_GROUPS as readonly string[]).includes(name)) {
      warnings.push(
        LEGACY_GROUPS.includes(name)
          ? `${where}: group "${name}" no longer exists in Roo Code and was left out`
          : `${where}: unknown group "${name.slice(0, 40)}" was left out`,
      );
      continue;
    }
    if (Array.isArray(g) && isRecord(g[1])) {
      // Options other than fileRegex/description (none exist in Roo today) are dropped.
      const { fileRegex, description } = g[1];
      const opts = {
        ...(fileRegex !== undefined ? { fileRegex } : {}),
        ...(description !== undefined ? { description } : {}),
      };
      kept.push([name, opts]);
    } else kept.push(g);
  }
  const invalid = invalidGroups(kept);
  if (invalid) errors.push(`${where}: ${invalid}`);
  return kept as GroupEntry[];
}

/** Parses a `.roomodes` text; `errors` non-empty means the whole file is refused. */
export function parseRooModes(input: string): ParsedRooModes {
  const warnings: string[] = [];
  const errors: string[] = [];
  const parsed = parseText(input);
  if ('error' in parsed) return { modes: [], warnings, errors: [parsed.error] };
  const doc = parsed.value;
  // Roo's file wraps the list in customModes; a bare list or a single mode is accepted too.
  const list: unknown =
    isRecord(doc) && 'customModes' in doc ? doc.customModes : isRecord(doc) && 'slug' in doc ? [doc] : doc;
  if (!Array.isArray(list)) return { modes: [], warnings, errors: ['expected customModes: a list of modes'] };
  if (list.length > ROOMODES_MAX_MODES)
    return { modes: [], warnings, errors: [`the file has more than ${ROOMODES_MAX_MODES} modes`] };
  if (isRecord(doc) && 'customModes' in doc) {
    const extra = Object.keys(doc).filter((k) => k !== 'customModes');
    if (extra.length) warnings.push(`ignored top-level field(s): ${extra.slice(0, 5).join(', ')}`);
  }
  const modes: ImportedMode[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of list.entries()) {
    if (!isRecord(raw)) {
      errors.push(`mode ${i + 1}: not an object`);
      continue;
    }
    const rawSlug = typeof raw.slug === 'string' ? raw.slug : '';
    const where = rawSlug ? `mode "${rawSlug.slice(0, 50)}"` : `mode ${i + 1}`;
    if (!SLUG.test(rawSlug)) {
      errors.push(`${where}: slug must be lowercase letters, digits and dashes (at most 50)`);
      continue;
    }
    if (seen.has(rawSlug)) {
      errors.push(`${where}: listed twice`);
      continue;
    }
    seen.add(rawSlug);
    const mode: ImportedMode = {
      slug: rawSlug,
      name: text(raw, 'name', where, 100, errors, true).trim(),
      roleDefinition: text(raw, 'roleDefinition', where, 20_000, errors, true),
      whenToUse: text(raw, 'whenToUse', where, 2_000, errors, false),
      customInstructions: text(raw, 'customInstructions', where, 20_000, errors, false),
      groups: groupsOf(raw.groups ?? [], where, warnings, errors),
    };
    modes.push(mode);
  }
  return { modes, warnings, errors };
}

export interface ExportableMode {
  slug: string;
  name: string;
  roleDefinition: string;
  whenToUse: string;
  customInstructions: string;
  groups: GroupEntry[];
}

/** The modes as a `.roomodes` file Roo Code reads: YAML (its current default) or JSON. */
export function serializeRooModes(modes: ExportableMode[], format: 'yaml' | 'json'): string {
  const customModes = modes.map((m) => ({
    slug: m.slug,
    name: m.name,
    roleDefinition: m.roleDefinition,
    ...(m.whenToUse ? { whenToUse: m.whenToUse } : {}),
    ...(m.customInstructions ? { customInstructions: m.customInstructions } : {}),
    groups: m.groups,
    source: 'project',
  }));
  return format === 'json'
    ? `${JSON.stringify({ customModes }, null, 2)}\n`
    : toYaml({ customModes }, { lineWidth: 0, aliasDuplicateObjects: false });
}
