import type { TaskMessageView as TaskMessage, TaskStatus } from '@/lib/api/generated/realtime';
import type { DiffLine } from '@/lib/line-diff';

/**
 * Merges messages into a list sorted by seq, one entry per seq. A later copy of the same seq wins
 * (a partial message is replaced by its final version), except that a final one is never replaced by a
 * partial one that arrives late.
 */
export function mergeMessages(
  existing: readonly TaskMessage[],
  incoming: readonly TaskMessage[],
): TaskMessage[] {
  if (incoming.length === 0) return existing as TaskMessage[];
  const bySeq = new Map<number, TaskMessage>();
  for (const m of existing) bySeq.set(m.seq, m);
  let changed = false;
  for (const m of incoming) {
    const prev = bySeq.get(m.seq);
    if (prev && !prev.partial && m.partial) continue;
    if (prev && prev.partial === m.partial && prev.text === m.text && sameMeta(prev, m)) continue;
    bySeq.set(m.seq, m);
    changed = true;
  }
  if (!changed) return existing as TaskMessage[];
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function sameMeta(a: TaskMessage, b: TaskMessage): boolean {
  return JSON.stringify(a.meta ?? null) === JSON.stringify(b.meta ?? null);
}

export function lastSeq(messages: readonly TaskMessage[] | undefined): number | undefined {
  return messages && messages.length > 0 ? messages[messages.length - 1]?.seq : undefined;
}

export const TERMINAL: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL.includes(status);
}

/** Ask kinds answered with task:respond (a question → answer; a tool or command → approve / deny). */
export const RESPONDABLE_ASKS: readonly string[] = ['followup', 'tool', 'command', 'use_mcp_server'];

/** The ask waiting for the user, if the last message is one and the task can still take an answer. */
export function pendingAsk(messages: readonly TaskMessage[], status: TaskStatus): TaskMessage | null {
  const last = messages[messages.length - 1];
  if (!last || last.type !== 'ask' || last.partial || isTerminal(status)) return null;
  return RESPONDABLE_ASKS.includes(last.ask ?? '') ? last : null;
}

/**
 * Folds a task:partial text into what is shown so far. The server sends the text so far for that seq;
 * should it send only the new piece instead, it is appended.
 */
export function foldPartial(previous: string | undefined, next: string): string {
  if (previous === undefined || next.startsWith(previous)) return next;
  return previous + next;
}

export type Json = Record<string, unknown>;

export function parseJson(text: string | null | undefined): Json | null {
  if (!text) return null;
  const t = text.trim();
  if (!t.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

export interface ToolInfo {
  tool: string;
  path?: string;
  diff?: string;
  content?: string;
  raw: Json;
}

function asJson(v: unknown): Json | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}

/**
 * The tool a message is about: the server's `meta.toolCall {name, input}` (Roo tool names such as
 * write_to_file / apply_diff), or Roo-style JSON in text (`{tool, path, diff|content}`).
 */
export function toolInfo(m: TaskMessage): ToolInfo | null {
  const call = asJson(m.meta?.toolCall);
  if (call && typeof call.name === 'string') {
    const input = asJson(call.input) ?? {};
    const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
    return { tool: call.name, path: str('path'), diff: str('diff'), content: str('content'), raw: input };
  }
  // Older histories may carry Roo's `{tool, …}` in meta: read it as an open record.
  const meta: Record<string, unknown> = { ...m.meta };
  const json = parseJson(m.text) ?? (typeof meta.tool === 'string' ? meta : null);
  if (!json || typeof json.tool !== 'string') return null;
  const str = (k: string) => (typeof json[k] === 'string' ? (json[k] as string) : undefined);
  return { tool: json.tool, path: str('path'), diff: str('diff'), content: str('content'), raw: json };
}

/** A tool result recorded on a message (`meta.toolResult`). */
export function toolResult(m: TaskMessage): { content: string; isError: boolean } | null {
  const r = asJson(m.meta?.toolResult);
  return r && typeof r.content === 'string' ? { content: r.content, isError: r.isError === true } : null;
}

/** A suggested answer; picking one with a mode also switches the task to that mode. */
export interface Suggestion {
  text: string;
  mode?: string;
}

export interface Followup {
  question: string;
  suggestions: Suggestion[];
}

/** Suggestions as stored: `{text, mode}` objects, or plain strings in older histories. */
function suggestionList(raw: unknown[]): Suggestion[] {
  return raw.flatMap((s): Suggestion[] => {
    if (typeof s === 'string') return [{ text: s }];
    const o = asJson(s);
    if (!o || typeof o.text !== 'string') return [];
    return [typeof o.mode === 'string' ? { text: o.text, mode: o.mode } : { text: o.text }];
  });
}

export function followup(m: TaskMessage): Followup {
  const rawSuggestions: unknown = m.meta?.suggestions;
  const metaSuggestions = Array.isArray(rawSuggestions) ? suggestionList(rawSuggestions) : null;
  const input = asJson(asJson(m.meta?.toolCall)?.input);
  if (metaSuggestions || (input && typeof input.question === 'string')) {
    const question = m.text || (typeof input?.question === 'string' ? input.question : '');
    return { question, suggestions: metaSuggestions ?? [] };
  }
  const json = parseJson(m.text);
  if (json && typeof json.question === 'string') {
    const suggest = Array.isArray(json.suggest) ? json.suggest : [];
    const suggestions = suggest
      .map((s: unknown): Suggestion | null =>
        typeof s === 'string'
          ? { text: s }
          : s && typeof s === 'object' && 'answer' in s
            ? {
                text: String((s as Json).answer),
                ...(typeof (s as Json).mode === 'string' ? { mode: String((s as Json).mode) } : {}),
              }
            : null,
      )
      .filter((s): s is Suggestion => Boolean(s));
    return { question: json.question, suggestions };
  }
  return { question: m.text ?? '', suggestions: [] };
}

export interface Todo {
  content: string;
  status: 'pending' | 'in_progress' | 'completed';
}

function asTodos(v: unknown): Todo[] | null {
  if (typeof v === 'string') {
    // Roo's update_todo_list takes a markdown checklist: "[ ] to do", "[-] in progress", "[x] done".
    const items = v
      .split('\n')
      .map((l) => /^\s*(?:[-*]\s*)?\[([ xX-])\]\s*(.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({
        content: m[2]?.trim() ?? '',
        status: (m[1] === '-' ? 'in_progress' : m[1] === ' ' ? 'pending' : 'completed') as Todo['status'],
      }));
    return items.length > 0 ? items : null;
  }
  if (!Array.isArray(v)) return null;
  return v
    .filter((t): t is Json => Boolean(t) && typeof t === 'object')
    .map((t) => ({
      content: String(t.content ?? t.text ?? ''),
      status: t.status === 'completed' || t.status === 'in_progress' ? t.status : 'pending',
    }));
}

/** The newest todo list written by update_todo_list (in a tool message's JSON or meta.todos). */
export function latestTodos(messages: readonly TaskMessage[]): Todo[] | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!m) continue;
    const fromMeta = asTodos(({ ...m.meta } as Record<string, unknown>).todos);
    if (fromMeta) return fromMeta;
    const call = asJson(m.meta?.toolCall);
    if (call?.name === 'update_todo_list') {
      const fromCall = asTodos(asJson(call.input)?.todos);
      if (fromCall) return fromCall;
    }
    const json = parseJson(m.text);
    const fromText = json ? asTodos(json.todos) : null;
    if (fromText) return fromText;
  }
  return null;
}

export type { DiffLine } from '@/lib/line-diff';

/** Turns a unified diff or Roo's SEARCH/REPLACE blocks (or new file content) into diff lines. */
export function diffLines(diff: string | undefined, newContent?: string): DiffLine[] {
  if (!diff && newContent !== undefined) return newContent.split('\n').map((text) => ({ kind: 'add', text }));
  if (!diff) return [];
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  if (lines.some((l) => /^<{7} SEARCH/.test(l))) {
    const out: DiffLine[] = [];
    let section: 'none' | 'search' | 'replace' = 'none';
    for (const l of lines) {
      if (/^<{7} SEARCH/.test(l)) {
        section = 'search';
        out.push({ kind: 'hunk', text: '@@ change @@' });
      } else if (/^={7}$/.test(l) && section === 'search') section = 'replace';
      else if (/^>{7} REPLACE/.test(l)) section = 'none';
      else if (/^:start_line:|^-{3,}$/.test(l) && section === 'search') continue;
      else if (section === 'search') out.push({ kind: 'del', text: l });
      else if (section === 'replace') out.push({ kind: 'add', text: l });
    }
    return out;
  }
  return lines
    .filter(
      (l) =>
        !l.startsWith('+++') && !l.startsWith('---') && !l.startsWith('Index:') && !l.startsWith('====='),
    )
    .map((l) =>
      l.startsWith('@@')
        ? { kind: 'hunk', text: l }
        : l.startsWith('+')
          ? { kind: 'add', text: l.slice(1) }
          : l.startsWith('-')
            ? { kind: 'del', text: l.slice(1) }
            : { kind: 'ctx', text: l.startsWith(' ') ? l.slice(1) : l },
    );
}

/** The user's decision on a tool call (approve / deny), keyed by tool call id, from user_feedback messages. */
export function decisions(messages: readonly TaskMessage[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of messages) {
    const id = m.meta?.toolCallId;
    const response = m.meta?.response;
    if (m.say === 'user_feedback' && typeof id === 'string' && typeof response === 'string') {
      out.set(id, response);
    }
  }
  return out;
}

export type ToolOutcome = 'applied' | 'denied' | 'failed' | 'done';

const WRITE_TOOLS = ['editedExistingFile', 'newFileCreated', 'appliedDiff', 'write_to_file', 'apply_diff'];

/** What became of a recorded tool call: a denied write is "denied", never shown as applied. */
export function toolOutcome(m: TaskMessage, decided: ReadonlyMap<string, string>): ToolOutcome | null {
  const result = toolResult(m);
  if (!result) return null;
  const id = asJson(m.meta?.toolResult)?.id;
  const denied =
    (typeof id === 'string' && decided.get(id) === 'deny') ||
    (result.isError && result.content.startsWith('The user denied'));
  if (denied) return 'denied';
  if (result.isError) return 'failed';
  const info = toolInfo(m);
  return info && WRITE_TOOLS.includes(info.tool) ? 'applied' : 'done';
}

/** The text of a read_file result when it holds the whole file (`N | line` per line, no "showing lines"). */
export function wholeFileFromRead(content: string): string | null {
  const match = /^<file><path>[^<]*<\/path>\n<content>\n([\s\S]*)\n<\/content><\/file>$/.exec(content);
  if (!match) return null;
  const lines = (match[1] ?? '').split('\n');
  const text: string[] = [];
  for (const [i, line] of lines.entries()) {
    const m = /^(\d+) \| ?(.*)$/.exec(line);
    if (!m || Number(m[1]) !== i + 1) return null;
    text.push(m[2] ?? '');
  }
  return text.join('\n');
}

/**
 * For each whole-file write in the history (by seq), the file's content before it, as far as the task's
 * own history shows it: the last whole-file read_file result or successful write of that path. The
 * server records only the new content of a write_to_file, so without such an earlier step the previous
 * version is unknown (absent from the map). apply_diff changes make the content unknown again.
 */
export function contentsBefore(messages: readonly TaskMessage[]): Map<number, string> {
  const known = new Map<string, string>();
  const before = new Map<number, string>();
  for (const m of messages) {
    const info = toolInfo(m);
    if (!info?.path) continue;
    const result = toolResult(m);
    if (info.tool === 'readFile' || info.tool === 'read_file') {
      const text = result && !result.isError ? wholeFileFromRead(result.content) : null;
      if (text !== null) known.set(info.path, text);
      continue;
    }
    const rewrite = ['editedExistingFile', 'newFileCreated', 'write_to_file'].includes(info.tool);
    if (isTruncated(info)) {
      // A large write's display holds only a preview: what follows cannot be known from it.
      if (m.type === 'say' && result && !result.isError) known.delete(info.path);
    } else if (rewrite && info.content !== undefined) {
      const previous = known.get(info.path);
      if (previous !== undefined) before.set(m.seq, previous);
      if (m.type === 'say' && result && !result.isError) known.set(info.path, info.content);
    } else if (m.type === 'say' && result && !result.isError && WRITE_TOOLS.includes(info.tool)) {
      known.delete(info.path);
    }
  }
  return before;
}

/** The server keeps only a preview of a large payload in a display (`truncated: true`, size, sha256). */
export function isTruncated(info: ToolInfo): boolean {
  return info.raw.truncated === true;
}
