import { loadRules, RULE_LIMITS, type LoadedRules, type RuleFileMeta, type RuleLimits } from './rules.js';
import {
  capabilitiesSection,
  customInstructionsSection,
  markdownSection,
  modesSection,
  objectiveSection,
  rulesSection,
  systemInfoSection,
  todoSection,
  toolUseSection,
  workspaceSection,
  type PromptMode,
} from './sections.js';

/** What the prompt needs of the workspace files (FilesService or the task's working copy). */
export interface PromptFiles {
  listForAgent(workspaceId: string, prefix: string, recursive: boolean): Promise<{ items: RuleFileMeta[] }>;
  readForAgent(workspaceId: string, path: string): Promise<Buffer>;
}

export interface SystemPromptInput {
  workspaceId: string;
  mode: PromptMode;
  /** Names of the tools offered in this turn. */
  toolNames: string[];
  modes: PromptMode[];
  todos?: string | null;
  files: PromptFiles;
  /** YYYY-MM-DD; today (UTC) when absent. Only the day, so the prompt stays cacheable all day. */
  today?: string;
  limits?: RuleLimits;
  /** Roo's MCP SERVERS section (the workspace's servers and their allowed tools), from src/mcp. */
  mcpServers?: string;
}

export const FILE_LISTING_MAX = 200;

// Rule files by content hash: each turn builds the prompt again, the bytes rarely change.
const ruleCache = new Map<string, Buffer>();
const RULE_CACHE_MAX = 256;

function cachedReader(files: PromptFiles, workspaceId: string, metas: RuleFileMeta[]) {
  const hashes = new Map(metas.map((m) => [m.path, m.sha256]));
  return {
    async read(path: string): Promise<Buffer> {
      const sha = hashes.get(path);
      const key = sha ? `${workspaceId}:${path}:${sha}` : null;
      const hit = key ? ruleCache.get(key) : undefined;
      if (hit) return hit;
      const bytes = await files.readForAgent(workspaceId, path);
      if (key) {
        if (ruleCache.size >= RULE_CACHE_MAX) ruleCache.delete(ruleCache.keys().next().value as string);
        ruleCache.set(key, bytes);
      }
      return bytes;
    },
  };
}

/** The whole system prompt for one turn, and which rule files went into it. */
export async function buildSystemPrompt(
  input: SystemPromptInput,
): Promise<{ prompt: string; rules: LoadedRules }> {
  const { items } = await input.files
    .listForAgent(input.workspaceId, '', true)
    .catch(() => ({ items: [] as RuleFileMeta[] }));
  const rules = await loadRules(
    items,
    input.mode.slug,
    cachedReader(input.files, input.workspaceId, items),
    input.limits ?? RULE_LIMITS,
  );
  const tools = new Set(input.toolNames);
  const caps = {
    edit: tools.has('apply_diff') || tools.has('write_to_file'),
    command: tools.has('execute_command'),
    mcp: tools.has('use_mcp_tool'),
  };
  const listing = items.slice(0, FILE_LISTING_MAX).map((f) => f.path);
  const prompt = [
    input.mode.roleDefinition.trim(),
    markdownSection(),
    toolUseSection(input.toolNames),
    input.mcpServers ?? '',
    capabilitiesSection(caps),
    modesSection(input.modes, input.mode.slug),
    rulesSection(caps),
    systemInfoSection({ command: caps.command, today: input.today ?? new Date().toISOString().slice(0, 10) }),
    objectiveSection(),
    workspaceSection(listing, items.length - listing.length),
    todoSection(input.todos ?? ''),
    customInstructionsSection(input.mode.customInstructions ?? '', rules.text),
  ]
    .filter(Boolean)
    .join('\n\n');
  return { prompt, rules };
}
