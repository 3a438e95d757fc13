import { jsonDepth } from '../../common/http/json-depth.js';
import { BadInputError } from '../../common/errors/domain-errors.js';
import { ASK_KINDS, type AskKind, type MessageMeta, type SayKind, type Suggestion } from '../entities.js';
import {
  ROO_ASKS,
  ROO_SAYS,
  rooApiMessageSchema,
  rooUiMessageSchema,
  UI_TOOL_CALLS,
  type RooApiBlock,
  type RooApiMessage,
  type RooUiMessage,
} from './roo-format.js';
import { cleanText, cleanValue, count, finiteOr, isRecord, jsonObject } from './sanitize.js';

/** Limits of one import; past them the upload is refused (400/413) and nothing is stored. */
export const IMPORT_LIMITS = {
  /** The whole request body. */
  bytes: 32 * 1024 * 1024,
  /** Entries per file. */
  messages: 20_000,
  /** One text (a message's text, a tool result). */
  textChars: 1_000_000,
  /** JSON nesting of the body. */
  depth: 40,
};

/** Our say kinds an imported message may keep as they are. */
const OUR_SAYS = new Set<SayKind>([
  'text',
  'reasoning',
  'tool',
  'error',
  'completion_result',
  'user_feedback',
  'api_req_started',
  'subtask_result',
  'mcp_server_response',
  'checkpoint_saved',
  'command_output',
  'condense_context',
  'condense_context_error',
  'sliding_window_truncation',
  'user_edit_todos',
]);
/** Roo kinds we show as one of ours. */
const SAY_AS: Record<string, SayKind> = {
  user_feedback_diff: 'user_feedback',
  diff_error: 'error',
  rooignore_error: 'error',
};
const ASK_AS_SAY: Record<string, SayKind> = { command_output: 'command_output' };

/** A message ready to store, with Roo's timestamp. */
export interface ImportedMessage {
  ts: number;
  type: 'ask' | 'say';
  ask: AskKind | null;
  say: SayKind | null;
  text: string;
  meta: MessageMeta;
}

export interface ImportPlan {
  title: string;
  prompt: string;
  messages: ImportedMessage[];
  totals: { tokensIn: number; tokensOut: number; cacheReads: number; cacheWrites: number; cost: number };
  /** What was changed on the way in (kinds kept as text, images left out, results paired…). */
  notes: string[];
}

function fail(where: string, issue: { path: PropertyKey[]; message: string }): never {
  const path = issue.path.length ? `.${issue.path.map(String).join('.')}` : '';
  throw new BadInputError(`${where}${path}: ${issue.message}`);
}

/** Validates one file: an array of entries of `schema`, each at most the limits. */
function parseList<T>(
  name: string,
  raw: unknown,
  parse: (
    v: unknown,
  ) =>
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
): T[] {
  if (!Array.isArray(raw))
    throw new BadInputError(`${name} must be a JSON array (the content of ${name}.json)`);
  if (raw.length > IMPORT_LIMITS.messages)
    throw new BadInputError(
      `${name} has ${raw.length} entries; at most ${IMPORT_LIMITS.messages} can be imported`,
    );
  return raw.map((v, i) => {
    const r = parse(v);
    if (!r.success) fail(`${name}[${i}]`, r.error.issues[0] ?? { path: [], message: 'invalid' });
    const long = longString(r.data);
    if (long !== null)
      throw new BadInputError(
        `${name}[${i}] holds a text of ${long} characters; at most ${IMPORT_LIMITS.textChars} per text can be imported`,
      );
    return r.data;
  });
}

/** The length of the longest string in a value if it is over the limit, else null (iterative). */
function longString(value: unknown): number | null {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.length > IMPORT_LIMITS.textChars) return v.length;
    } else if (v && typeof v === 'object') stack.push(...(Array.isArray(v) ? v : Object.values(v)));
  }
  return null;
}

/**
 * Checks an upload's shape and turns it into our messages. `uiMessages` (Roo's
 * ui_messages.json) is what the user saw and becomes the visible history; the optional
 * `apiConversationHistory` pairs tool messages with their results, or, alone, is rebuilt into
 * messages. Everything is cleaned (NUL, broken UTF-16, bidi controls); nothing of the upload
 * decides ids, links or permissions.
 */
export function planImport(body: unknown): ImportPlan {
  if (!isRecord(body))
    throw new BadInputError('the body must be a JSON object {uiMessages?, apiConversationHistory?, title?}');
  if (jsonDepth(body, IMPORT_LIMITS.depth) > IMPORT_LIMITS.depth)
    throw new BadInputError(`the history is nested deeper than ${IMPORT_LIMITS.depth} levels`);
  const known = new Set(['uiMessages', 'apiConversationHistory', 'title']);
  const extra = Object.keys(body).find((k) => !known.has(k));
  if (extra) throw new BadInputError(`unknown field ${JSON.stringify(extra.slice(0, 40))}`);
  if (body.title !== undefined && (typeof body.title !== 'string' || body.title.length > 200))
    throw new BadInputError('title must be a string of at most 200 characters');
  const ui =
    body.uiMessages === undefined
      ? null
      : parseList('ui_messages', body.uiMessages, (v) => rooUiMessageSchema.safeParse(v));
  const api =
    body.apiConversationHistory === undefined
      ? null
      : parseList('api_conversation_history', body.apiConversationHistory, (v) =>
          rooApiMessageSchema.safeParse(v),
        );
  if (!ui?.length && !api?.length)
    throw new BadInputError(
      'nothing to import: give uiMessages (ui_messages.json) and/or apiConversationHistory',
    );
  const notes: string[] = [];
  const messages = ui?.length ? fromUiMessages(ui, notes) : fromApiHistory(api!, notes);
  if (ui?.length && api?.length) pairResults(messages, api, notes);
  if (!messages.length) throw new BadInputError('nothing to import: the history has no message with content');
  const first = messages.find((m) => m.say === 'text' && m.meta.role === 'user') ?? messages[0];
  const prompt = first.text.slice(0, 100_000);
  const titleSource = typeof body.title === 'string' && body.title.trim() ? cleanText(body.title) : prompt;
  const line = titleSource.trim().split('\n')[0] ?? '';
  const title = line.length > 80 ? `${line.slice(0, 79)}…` : line || 'Imported task';
  const totals = { tokensIn: 0, tokensOut: 0, cacheReads: 0, cacheWrites: 0, cost: 0 };
  for (const m of messages) {
    const u = m.meta.usage;
    if (m.say !== 'api_req_started' || !u) continue;
    totals.tokensIn += u.tokensIn;
    totals.tokensOut += u.tokensOut;
    totals.cacheReads += u.cacheReads;
    totals.cacheWrites += u.cacheWrites;
    totals.cost += u.cost;
  }
  // Condensing is billed too.
  for (const m of messages) if (m.meta.contextCondense) totals.cost += m.meta.contextCondense.cost;
  return { title: `${title}`, prompt, messages, totals, notes };
}

const str = (v: unknown, max = IMPORT_LIMITS.textChars) =>
  typeof v === 'string' ? cleanText(v.slice(0, max)) : undefined;

/** Usage of an api_req_started (Roo's ClineApiReqInfo JSON text). */
function usageOf(text: string): MessageMeta['usage'] | undefined {
  const info = jsonObject(text);
  if (!info) return undefined;
  return {
    tokensIn: count(info.tokensIn),
    tokensOut: count(info.tokensOut),
    cacheReads: count(info.cacheReads),
    cacheWrites: count(info.cacheWrites),
    cost: count(info.cost),
  };
}

/** Roo's FollowUpData (`{question, suggest: [{answer, mode}]}`) as our question + suggestions. */
function followUp(text: string): { question: string; suggestions: Suggestion[] } | null {
  const data = jsonObject(text);
  if (!data || typeof data.question !== 'string') return null;
  const suggest = Array.isArray(data.suggest) ? data.suggest.slice(0, 50) : [];
  const suggestions = suggest.flatMap((s): Suggestion[] => {
    if (typeof s === 'string') return [{ text: cleanText(s) }];
    // FollowUpData says `answer`; the tool's follow_up parameter and our meta say `text`.
    const text = isRecord(s) ? (typeof s.answer === 'string' ? s.answer : s.text) : undefined;
    if (!isRecord(s) || typeof text !== 'string') return [];
    const mode = typeof s.mode === 'string' && /^[a-z0-9][a-z0-9-]{0,49}$/.test(s.mode) ? s.mode : undefined;
    return [{ text: cleanText(text), ...(mode ? { mode } : {}) }];
  });
  return { question: cleanText(data.question), suggestions };
}

/**
 * Our own export's meta (`rooServer.meta`), taken back field by field, each checked: only
 * what the history view shows. No subtask links: their task ids name another server's tasks.
 */
function ownMeta(raw: Record<string, unknown> | undefined): MessageMeta {
  if (!raw) return {};
  const meta: MessageMeta = {};
  const s = (k: string) => str(raw[k]);
  if (raw.role === 'user' || raw.role === 'assistant') meta.role = raw.role;
  if (typeof raw.turn === 'number' && Number.isInteger(raw.turn) && raw.turn > 0) meta.turn = raw.turn;
  const call = (v: unknown) =>
    isRecord(v) && typeof v.id === 'string' && typeof v.name === 'string'
      ? {
          id: cleanText(v.id.slice(0, 200)),
          name: cleanText(v.name.slice(0, 200)),
          input: isRecord(v.input) ? (cleanValue(v.input) as Record<string, unknown>) : {},
        }
      : null;
  if (Array.isArray(raw.toolCalls))
    meta.toolCalls = raw.toolCalls.slice(0, 100).flatMap((c) => {
      const ok = call(c);
      return ok ? [ok] : [];
    });
  const tc = call(raw.toolCall);
  if (tc) meta.toolCall = tc;
  const r = raw.toolResult;
  if (isRecord(r) && typeof r.id === 'string' && typeof r.content === 'string')
    meta.toolResult = {
      id: cleanText(r.id.slice(0, 200)),
      content: cleanText(r.content),
      isError: r.isError === true,
    };
  if (['answer', 'approve', 'deny', 'resume', 'message'].includes(String(raw.response)))
    meta.response = raw.response as MessageMeta['response'];
  if (s('toolCallId')) meta.toolCallId = s('toolCallId')!.slice(0, 200);
  if (isRecord(raw.usage)) {
    const u = raw.usage;
    meta.usage = {
      tokensIn: count(u.tokensIn),
      tokensOut: count(u.tokensOut),
      cacheReads: count(u.cacheReads),
      cacheWrites: count(u.cacheWrites),
      cost: count(u.cost),
      ...(u.estimated === true ? { estimated: true } : {}),
    };
  }
  if (typeof raw.mode === 'string' && /^[a-z0-9][a-z0-9-]{0,49}$/.test(raw.mode)) meta.mode = raw.mode;
  if (Array.isArray(raw.suggestions)) {
    const parsed = followUp(JSON.stringify({ question: '', suggest: raw.suggestions }));
    if (parsed) meta.suggestions = parsed.suggestions;
  }
  if (s('command') !== undefined) meta.command = s('command');
  if (raw.exitCode === null || (typeof raw.exitCode === 'number' && Number.isInteger(raw.exitCode)))
    meta.exitCode = raw.exitCode;
  if (isRecord(raw.checkpoint)) {
    const c = raw.checkpoint;
    meta.checkpoint = {
      seq: count(c.seq),
      commit: str(c.commit, 100) ?? '',
      kind: str(c.kind, 20) ?? 'step',
      filesChanged: count(c.filesChanged),
      ...(typeof c.restoredFrom === 'number' ? { restoredFrom: count(c.restoredFrom) } : {}),
      ...(typeof c.path === 'string' ? { path: str(c.path, 1000) } : {}),
    };
  }
  if (s('reasoningSignature')) meta.reasoningSignature = s('reasoningSignature');
  return meta;
}

function fromUiMessages(ui: RooUiMessage[], notes: string[]): ImportedMessage[] {
  const out: ImportedMessage[] = [];
  let ts = 0;
  let images = 0;
  let dropped = 0;
  const unknownKinds = new Set<string>();
  let sawPrompt = false;
  /** The last command asked for: its output rows name it. */
  let command = '';
  for (const m of ui) {
    ts = Math.max(0, Math.round(finiteOr(m.ts, ts)));
    let text = cleanText(m.text ?? '');
    if (m.images?.length) {
      images += m.images.length;
      text += `${text ? '\n\n' : ''}[${m.images.length} image${m.images.length === 1 ? '' : 's'} not imported]`;
    }
    if (m.reasoning?.trim() && m.say !== 'reasoning')
      out.push({ ts, type: 'say', ask: null, say: 'reasoning', text: cleanText(m.reasoning), meta: {} });
    const own = ownMeta(m.rooServer?.meta);
    const keep = (type: 'ask' | 'say', kind: string, meta: MessageMeta) =>
      out.push({
        ts,
        type,
        ask: type === 'ask' ? (kind as AskKind) : null,
        say: type === 'say' ? (kind as SayKind) : null,
        text,
        meta: { ...meta, ...own },
      });
    if (m.type === 'say') {
      const kind = m.say ?? 'text';
      const ours = OUR_SAYS.has(kind as SayKind) ? (kind as SayKind) : SAY_AS[kind];
      if (!ours) {
        if (!text.trim()) dropped++;
        else {
          unknownKinds.add(`say:${kind}`);
          keep('say', 'text', { role: 'assistant', importedKind: `say:${cleanText(kind)}` });
        }
        continue;
      }
      const meta: MessageMeta = {};
      if (ours === 'text') {
        meta.role = sawPrompt ? 'assistant' : 'user';
        sawPrompt = true;
      } else if (ours === 'command_output' && command) {
        meta.command = command;
      } else if (ours === 'api_req_started') {
        const usage = usageOf(text);
        if (usage) meta.usage = usage;
      } else if (ours === 'condense_context' && m.contextCondense) {
        const c = m.contextCondense;
        meta.contextCondense = {
          summary: cleanText(c.summary),
          prevContextTokens: count(c.prevContextTokens),
          newContextTokens: count(c.newContextTokens),
          cost: count(c.cost),
          condenseId: cleanText(c.condenseId ?? `imported-${out.length}`),
        };
      } else if (ours === 'sliding_window_truncation' && m.contextTruncation) {
        const t = m.contextTruncation;
        meta.contextTruncation = {
          truncationId: cleanText(t.truncationId),
          messagesRemoved: count(t.messagesRemoved),
          prevContextTokens: count(t.prevContextTokens),
          newContextTokens: count(t.newContextTokens),
          keepFromSeq: 0,
        };
      }
      keep('say', ours, meta);
      continue;
    }
    const kind = m.ask ?? '';
    if (ASK_AS_SAY[kind]) {
      // Roo's command_output ask is a streaming placeholder; only one with text shows anything.
      if (!text.trim()) dropped++;
      else keep('say', ASK_AS_SAY[kind], command ? { command } : {});
      continue;
    }
    if (!(ASK_KINDS as readonly string[]).includes(kind)) {
      if (!text.trim()) dropped++;
      else {
        unknownKinds.add(`ask:${kind}`);
        keep('say', 'text', { role: 'assistant', importedKind: `ask:${cleanText(kind)}` });
      }
      continue;
    }
    const meta: MessageMeta = {};
    if (kind === 'followup') {
      const f = followUp(text);
      if (f) {
        text = f.question;
        meta.suggestions = f.suggestions;
      }
    } else if (kind === 'command') meta.command = command = text;
    keep('ask', kind, meta);
  }
  if (unknownKinds.size)
    notes.push(
      `kept as text: ${[...unknownKinds].sort().join(', ')}${
        [...unknownKinds].some(
          (k) => !ROO_SAYS.includes(k.slice(4) as never) && !ROO_ASKS.includes(k.slice(4) as never),
        )
          ? ' (not a kind Roo Code documents)'
          : ''
      }`,
    );
  if (dropped) notes.push(`${dropped} empty message(s) of kinds we do not show were left out`);
  if (images) notes.push(`${images} image(s) were not imported`);
  return out;
}

/** The text of a tool_result's content (a string or text blocks). */
function resultText(content: unknown): string {
  if (typeof content === 'string') return cleanText(content);
  if (!Array.isArray(content)) return '';
  return cleanText(
    content
      .map((b) =>
        isRecord(b) && typeof b.text === 'string'
          ? b.text
          : isRecord(b) && b.type === 'image'
            ? '[image]'
            : '',
      )
      .filter(Boolean)
      .join('\n'),
  );
}

const blocksOf = (m: RooApiMessage): RooApiBlock[] =>
  typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;

/** Roo wraps the editor's state into user turns; it is noise in a history view. */
const ENV_DETAILS = /^\s*<environment_details>[\s\S]*<\/environment_details>\s*$/;

/** Only an API history: its turns become messages (texts, reasoning, tool calls with their results). */
function fromApiHistory(api: RooApiMessage[], notes: string[]): ImportedMessage[] {
  const out: ImportedMessage[] = [];
  const byCall = new Map<string, ImportedMessage>();
  let ts = 0;
  let sawPrompt = false;
  const say = (kind: SayKind, text: string, meta: MessageMeta = {}) => {
    const m: ImportedMessage = { ts, type: 'say', ask: null, say: kind, text, meta };
    out.push(m);
    return m;
  };
  for (const m of api) {
    ts = Math.max(0, Math.round(finiteOr(m.ts, ts)));
    for (const b of blocksOf(m)) {
      if (b.type === 'text' && typeof b.text === 'string') {
        if (ENV_DETAILS.test(b.text)) continue;
        const text = cleanText(b.text);
        if (!text.trim()) continue;
        if (m.role === 'assistant') say('text', text, { role: 'assistant' });
        else if (!sawPrompt) {
          sawPrompt = true;
          say('text', text, { role: 'user' });
        } else say('user_feedback', text, { response: 'message' });
      } else if ((b.type === 'thinking' || b.type === 'reasoning') && m.role === 'assistant') {
        const text = cleanText(b.thinking ?? b.text ?? '');
        if (text.trim()) say('reasoning', text);
      } else if (b.type === 'tool_use' && m.role === 'assistant' && b.id && b.name) {
        const input = isRecord(b.input) ? (cleanValue(b.input) as Record<string, unknown>) : {};
        const call = { id: cleanText(b.id), name: cleanText(b.name), input };
        if (call.name === 'attempt_completion')
          byCall.set(call.id, say('completion_result', str(input.result) ?? '', { toolCall: call }));
        else if (call.name === 'ask_followup_question') {
          const f = followUp(
            JSON.stringify({ question: input.question ?? '', suggest: input.follow_up ?? input.suggest }),
          );
          const q: ImportedMessage = {
            ts,
            type: 'ask',
            ask: 'followup',
            say: null,
            text: f?.question ?? '',
            meta: { toolCall: call, suggestions: f?.suggestions ?? [] },
          };
          out.push(q);
        } else
          byCall.set(call.id, say('tool', JSON.stringify({ tool: call.name, ...input }), { toolCall: call }));
      } else if (b.type === 'tool_result' && b.tool_use_id) {
        const target = byCall.get(b.tool_use_id);
        const content = resultText(b.content);
        if (target && !target.meta.toolResult)
          target.meta.toolResult = { id: cleanText(b.tool_use_id), content, isError: b.is_error === true };
        else if (content.trim()) {
          // The answer to a question, or a result without its call.
          const answer = /<answer>\s*([\s\S]*?)\s*<\/answer>/.exec(content)?.[1];
          say('user_feedback', answer ?? content, answer !== undefined ? { response: 'answer' } : {});
        }
      }
    }
  }
  notes.push('built from the API conversation history alone (no ui_messages.json)');
  return out;
}

/**
 * Pairs Roo's UI tool messages (no ids) with the API history's tool calls, in order and by
 * name (readFile ↔ read_file…), so a tool row shows its result. A tool message whose
 * call is not found nearby stays without a result.
 */
function pairResults(messages: ImportedMessage[], api: RooApiMessage[], notes: string[]): void {
  const calls: { id: string; name: string }[] = [];
  const results = new Map<string, { content: string; isError: boolean }>();
  for (const m of api)
    for (const b of blocksOf(m)) {
      if (b.type === 'tool_use' && m.role === 'assistant' && b.id && b.name)
        calls.push({ id: b.id, name: b.name });
      if (b.type === 'tool_result' && b.tool_use_id)
        results.set(b.tool_use_id, { content: resultText(b.content), isError: b.is_error === true });
    }
  let next = 0;
  let paired = 0;
  for (const m of messages) {
    if ((m.say !== 'tool' && m.ask !== 'tool') || m.meta.toolResult || m.meta.toolCall) continue;
    const tool = jsonObject(m.text)?.tool;
    const names = typeof tool === 'string' ? UI_TOOL_CALLS[tool] : undefined;
    if (!names) continue;
    // Look a little ahead only: an unpaired call (a question, a command) sits between.
    const at = calls.slice(next, next + 20).findIndex((c) => names.includes(c.name));
    if (at < 0) continue;
    const call = calls[next + at];
    next += at + 1;
    const r = results.get(call.id);
    if (!r) continue;
    m.meta.toolResult = { id: cleanText(call.id), ...r };
    paired++;
  }
  if (paired) notes.push(`${paired} tool result(s) paired from the API conversation history`);
}
