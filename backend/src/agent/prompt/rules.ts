/**
 * Workspace rules, found where Roo-Code looks for them, read from the workspace files:
 *
 *   mode rules     .roo/rules-<mode>/** (every file, by path); else .roorules-<mode>; else .clinerules-<mode>
 *   agent rules    AGENTS.md (or AGENT.md), then AGENTS.local.md
 *   general rules  .roo/rules/** ; else .roorules; else .clinerules
 *
 * They join the system prompt in that order. Their size is capped (per file and in total)
 * because any member can put text there and every model call carries it.
 */

export interface RuleFileMeta {
  path: string;
  size: number;
  sha256?: string;
}

export interface RuleReader {
  read(path: string): Promise<Buffer>;
}

export interface RuleLimits {
  maxFiles: number;
  maxFileChars: number;
  maxTotalChars: number;
}

export const RULE_LIMITS: RuleLimits = { maxFiles: 50, maxFileChars: 32 * 1024, maxTotalChars: 64 * 1024 };

export interface LoadedRules {
  /** The "Rules:" text for the prompt, '' when there is none. */
  text: string;
  /** Files used, in order. */
  files: string[];
  /** Files left out or cut, with the reason. */
  skipped: { path: string; reason: string }[];
}

// Editor and OS leftovers in a rules folder are not rules.
const JUNK = /(^|\/)(\.DS_Store|Thumbs\.db)$|\.(bak|swp|swo|tmp|temp|cache|log|orig|crdownload)$|~$/i;

function under(files: RuleFileMeta[], folder: string): RuleFileMeta[] {
  return files
    .filter((f) => f.path.startsWith(folder) && !JUNK.test(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function first(files: RuleFileMeta[], names: string[]): RuleFileMeta[] {
  for (const n of names) {
    const f = files.find((x) => x.path === n);
    if (f) return [f];
  }
  return [];
}

/** Which rule files apply to a mode, in prompt order, grouped by kind. */
export function ruleFiles(files: RuleFileMeta[], modeSlug: string): RuleFileMeta[][] {
  // A slug is [a-z0-9-] (validated), so it is safe inside a path.
  const slug = /^[a-zA-Z0-9-]+$/.test(modeSlug) ? modeSlug : '';
  const modeDir = slug ? under(files, `.roo/rules-${slug}/`) : [];
  const modeRules = modeDir.length
    ? modeDir
    : slug
      ? first(files, [`.roorules-${slug}`, `.clinerules-${slug}`])
      : [];
  const agents = [...first(files, ['AGENTS.md', 'AGENT.md']), ...first(files, ['AGENTS.local.md'])];
  const general = under(files, '.roo/rules/');
  return [modeRules, agents, general.length ? general : first(files, ['.roorules', '.clinerules'])];
}

/** Reads and formats the rules that apply, within the limits; unreadable or binary files are skipped. */
export async function loadRules(
  files: RuleFileMeta[],
  modeSlug: string,
  reader: RuleReader,
  limits: RuleLimits = RULE_LIMITS,
): Promise<LoadedRules> {
  const parts: string[] = [];
  const used: string[] = [];
  const skipped: { path: string; reason: string }[] = [];
  let total = 0;
  let count = 0;
  for (const group of ruleFiles(files, modeSlug)) {
    for (const f of group) {
      if (count >= limits.maxFiles) {
        skipped.push({ path: f.path, reason: `more than ${limits.maxFiles} rule files` });
        continue;
      }
      const room = limits.maxTotalChars - total;
      if (room <= 0) {
        skipped.push({ path: f.path, reason: `rules exceed ${limits.maxTotalChars} characters in all` });
        continue;
      }
      // Never read more than could be used: a huge file costs one capped read.
      if (f.size > limits.maxFileChars * 4 + 1024) {
        skipped.push({ path: f.path, reason: `larger than ${limits.maxFileChars * 4 + 1024} bytes` });
        continue;
      }
      let text: string;
      try {
        const bytes = await reader.read(f.path);
        if (bytes.includes(0)) {
          skipped.push({ path: f.path, reason: 'not a text file' });
          continue;
        }
        text = bytes.toString('utf8').trim();
      } catch {
        skipped.push({ path: f.path, reason: 'could not be read' });
        continue;
      }
      if (!text) continue;
      const cap = Math.min(limits.maxFileChars, room);
      if (text.length > cap) {
        text = `${text.slice(0, cap)}\n[… cut: the rest of ${f.path} is over the size limit]`;
        skipped.push({ path: f.path, reason: `cut to ${cap} characters` });
      }
      total += text.length;
      count++;
      used.push(f.path);
      parts.push(`# Rules from ${f.path}:\n${text}`);
    }
  }
  return { text: parts.join('\n\n'), files: used, skipped };
}
