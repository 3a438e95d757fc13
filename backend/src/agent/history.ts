import type { LlmMessage, LlmToolCall } from '../providers/llm/llm-client.js';
import type { TaskMessage } from '../tasks/entities.js';

export interface PendingCall {
  call: LlmToolCall;
  /** The user's approve/deny for this call, when given. */
  response?: { response: 'approve' | 'deny'; text: string };
  /** An ask for this call is already in the history. */
  asked: boolean;
  /** Calls of the same tool earlier in the same turn (per-turn limits such as new_task's). */
  sameToolBefore: number;
  /** A new_task call whose subtask was started: the subtask's id (its result is still due). */
  subtask?: string;
  /** The last history seq the model had seen when it made this call (messages after it are new to it). */
  seenSeq: number;
}

export interface Conversation {
  messages: LlmMessage[];
  /** Tool calls of the last model turn that have no result yet, in order. */
  pending: PendingCall[];
  lastTurn: number;
  /**
   * Leading messages that always stay when older turns are dropped: the first request
   * (or, after condensing, the summary that replaced everything before it).
   */
  head: number;
  /** Where each model turn since the last condense starts: the turn's first history seq and its index in `messages`. */
  turnStarts: { seq: number; index: number }[];
  /**
   * What the provider reported for the last turn (input + output tokens, i.e. the context
   * after it), and how many `messages` that covered; null when estimated or the context was
   * reshaped (condensed, truncated) since.
   */
  lastUsage: { tokens: number; messages: number } | null;
  /** The original request (the task's first user message). */
  firstPrompt: string;
  /** The last history seq this conversation was built from. */
  seq: number;
}

/** The answer to calls past the per-turn limit: they are recorded once, never carried out. */
export const droppedCallResult = (limit: number) =>
  `This tool call was not carried out: only the first ${limit} tool calls of a turn run. Make fewer calls per turn.`;

const INTERRUPTED =
  'This tool call was not carried out: the task was interrupted and the user sent a new message.';

/** Longest copy of the original request kept above a condensed summary. */
const HEAD_PROMPT_CHARS = 8_000;

/** The single user message that replaces a condensed conversation. */
export function condensedHead(firstPrompt: string, summary: string): string {
  const request =
    firstPrompt.length > HEAD_PROMPT_CHARS
      ? `${firstPrompt.slice(0, HEAD_PROMPT_CHARS)}\n… (cut; the summary covers the rest)`
      : firstPrompt;
  return `The earlier conversation of this task was condensed to fit the context window. Continue the work from the summary; do not repeat finished steps.\n\n## Original request\n${request}\n\n## Summary of the conversation so far\n${summary}`;
}

export const TRUNCATION_NOTE =
  '[Earlier turns of this conversation were dropped to fit the context window; re-read files you still need.]';

/**
 * Rebuilds the model conversation from the persisted history. The history is the only
 * state of a run, so a job that starts again (after a crash, an answer, a resume)
 * continues exactly where the last one stopped and never records a step twice.
 *
 * Context management is part of the history too: a `condense_context` message replaces
 * everything before it by its summary, a `sliding_window_truncation` drops the turns before
 * its `keepFromSeq` (the first request stays). Messages the user sent while the task ran
 * (and todo list edits) reach the model after the tool results of the turn it was in.
 */
export function rebuildConversation(history: TaskMessage[]): Conversation {
  let messages: LlmMessage[] = [];
  const resolved = new Set<string>();
  const responses = new Map<string, { response: 'approve' | 'deny'; text: string }>();
  const asked = new Set<string>();
  const started = new Map<string, string>();
  let lastCalls: LlmToolCall[] = [];
  let lastTurn = 0;
  let lastSeen = 0;
  let head = 0;
  let turnStarts: { seq: number; index: number }[] = [];
  let lastUsage: Conversation['lastUsage'] = null;
  let firstPrompt = '';
  /** User notes (queued messages, todo edits) not yet delivered, with their seqs. */
  let notes: { seq: number; text: string }[] = [];
  const assistantByTurn = new Map<number, Extract<LlmMessage, { role: 'assistant' }>>();

  const pushUser = (content: string) => {
    messages.push({ role: 'user', content });
    if (!head) head = messages.length;
  };
  const flush = (upTo = Infinity) => {
    const due = notes.filter((n) => n.seq <= upTo);
    if (!due.length) return;
    notes = notes.filter((n) => n.seq > upTo);
    pushUser(due.map((n) => n.text).join('\n\n'));
  };
  const closeOpenCalls = () => {
    for (const c of lastCalls) {
      if (resolved.has(c.id)) continue;
      messages.push({ role: 'tool', toolCallId: c.id, content: INTERRUPTED, isError: true });
      resolved.add(c.id);
    }
  };
  const toolResult = (id: string, content: string, isError: boolean) => {
    if (resolved.has(id)) return;
    resolved.add(id);
    messages.push({ role: 'tool', toolCallId: id, content, isError });
  };

  for (const m of history) {
    const meta = m.meta ?? {};
    if (m.say === 'condense_context' && meta.contextCondense) {
      // Fresh start: the summary (with the original request) is all the model keeps.
      messages = [];
      head = 0;
      pushUser(condensedHead(firstPrompt, meta.contextCondense.summary));
      turnStarts = [];
      lastUsage = null;
      assistantByTurn.clear();
      continue;
    }
    if (m.say === 'sliding_window_truncation' && meta.contextTruncation) {
      const keep = meta.contextTruncation.keepFromSeq;
      const from = turnStarts.find((t) => t.seq >= keep)?.index ?? messages.length;
      const removed = Math.max(0, from - head);
      if (removed > 0) {
        const kept = messages
          .slice(0, head)
          .map((x, i) =>
            i === head - 1 && x.role === 'user' && !x.content.endsWith(TRUNCATION_NOTE)
              ? { ...x, content: `${x.content}\n\n${TRUNCATION_NOTE}` }
              : x,
          );
        messages = [...kept, ...messages.slice(from)];
        turnStarts = turnStarts
          .filter((t) => t.index >= from)
          .map((t) => ({ seq: t.seq, index: t.index - removed }));
      }
      lastUsage = null;
      continue;
    }
    if (m.say === 'api_req_started' && meta.turn) {
      // Notes the model had seen when it made this turn come before it; later ones after its results.
      flush(meta.seenSeq ?? m.seq);
      const dropped = (meta.droppedToolCalls ?? []).map((c) => ({ id: c.id, name: c.name, input: {} }));
      const a = {
        role: 'assistant' as const,
        content: '',
        toolCalls: [...(meta.toolCalls ?? []), ...dropped],
      };
      assistantByTurn.set(meta.turn, a);
      // A provider may reuse ids across turns; a new turn's calls are open until answered.
      for (const c of a.toolCalls) resolved.delete(c.id);
      turnStarts.push({ seq: m.seq, index: messages.length });
      messages.push(a);
      const u = meta.usage;
      lastUsage =
        u && !u.estimated
          ? { tokens: u.tokensIn + u.cacheReads + u.cacheWrites + u.tokensOut, messages: messages.length }
          : null;
      for (const c of dropped) toolResult(c.id, droppedCallResult(meta.toolCalls?.length ?? 0), true);
      lastCalls = meta.toolCalls ?? [];
      lastTurn = Math.max(lastTurn, meta.turn);
      lastSeen = meta.seenSeq ?? m.seq - 1;
    } else if (m.say === 'text' && meta.role === 'assistant' && meta.turn) {
      const a = assistantByTurn.get(meta.turn);
      if (a) a.content = m.text;
    } else if (
      (m.say === 'text' && meta.role === 'user') ||
      (m.say === 'user_feedback' && meta.response === 'resume')
    ) {
      if (!firstPrompt && m.say === 'text') firstPrompt = m.text;
      closeOpenCalls();
      flush();
      pushUser(m.text);
    } else if (m.say === 'user_feedback' && meta.response === 'message') {
      notes.push({ seq: m.seq, text: m.text });
    } else if (m.say === 'user_edit_todos') {
      notes.push({
        seq: m.seq,
        text: `[The user edited the todo list. It is now:]\n${m.text || '(empty)'}`,
      });
    } else if (m.say === 'user_feedback' && meta.toolCallId) {
      if (meta.response === 'answer') {
        const switched = meta.mode
          ? `\n[The user chose this answer and switched the task to ${meta.mode} mode.]`
          : '';
        toolResult(meta.toolCallId, `<answer>\n${m.text}\n</answer>${switched}`, false);
      } else if (meta.response === 'approve' || meta.response === 'deny')
        responses.set(meta.toolCallId, { response: meta.response, text: m.text });
    } else if (m.type === 'ask' && meta.toolCall) {
      asked.add(meta.toolCall.id);
    } else if (m.say === 'tool' && meta.subtask && meta.toolCallId && !meta.toolResult) {
      started.set(meta.toolCallId, meta.subtask.taskId);
    }
    if (meta.toolResult) toolResult(meta.toolResult.id, meta.toolResult.content, meta.toolResult.isError);
  }

  const pending = lastCalls
    .map((call, index) => ({
      call,
      response: responses.get(call.id),
      asked: asked.has(call.id),
      sameToolBefore: lastCalls.slice(0, index).filter((c) => c.name === call.name).length,
      ...(started.has(call.id) ? { subtask: started.get(call.id) } : {}),
      seenSeq: lastSeen,
    }))
    .filter((p) => !resolved.has(p.call.id));
  // The turn is settled: what the user sent meanwhile goes to the model now.
  if (!pending.length) flush();
  const seq = history.at(-1)?.seq ?? 0;
  return { messages, pending, lastTurn, head, turnStarts, lastUsage, firstPrompt, seq };
}
