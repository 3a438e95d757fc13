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
}

export interface Conversation {
  messages: LlmMessage[];
  /** Tool calls of the last model turn that have no result yet, in order. */
  pending: PendingCall[];
  lastTurn: number;
}

/** The answer to calls past the per-turn limit: they are recorded once, never carried out. */
export const droppedCallResult = (limit: number) =>
  `This tool call was not carried out: only the first ${limit} tool calls of a turn run. Make fewer calls per turn.`;

const INTERRUPTED =
  'This tool call was not carried out: the task was interrupted and the user sent a new message.';

/**
 * Rebuilds the model conversation from the persisted history. The history is the only
 * state of a run, so a job that starts again (after a crash, an answer, a resume)
 * continues exactly where the last one stopped and never records a step twice.
 */
export function rebuildConversation(history: TaskMessage[]): Conversation {
  const messages: LlmMessage[] = [];
  const resolved = new Set<string>();
  const responses = new Map<string, { response: 'approve' | 'deny'; text: string }>();
  const asked = new Set<string>();
  let lastCalls: LlmToolCall[] = [];
  let lastTurn = 0;
  const assistantByTurn = new Map<number, Extract<LlmMessage, { role: 'assistant' }>>();

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
    if (m.say === 'api_req_started' && meta.turn) {
      const dropped = (meta.droppedToolCalls ?? []).map((c) => ({ id: c.id, name: c.name, input: {} }));
      const a = {
        role: 'assistant' as const,
        content: '',
        toolCalls: [...(meta.toolCalls ?? []), ...dropped],
      };
      assistantByTurn.set(meta.turn, a);
      // A provider may reuse ids across turns; a new turn's calls are open until answered.
      for (const c of a.toolCalls) resolved.delete(c.id);
      messages.push(a);
      for (const c of dropped) toolResult(c.id, droppedCallResult(meta.toolCalls?.length ?? 0), true);
      lastCalls = meta.toolCalls ?? [];
      lastTurn = Math.max(lastTurn, meta.turn);
    } else if (m.say === 'text' && meta.role === 'assistant' && meta.turn) {
      const a = assistantByTurn.get(meta.turn);
      if (a) a.content = m.text;
    } else if (
      (m.say === 'text' && meta.role === 'user') ||
      (m.say === 'user_feedback' && meta.response === 'resume')
    ) {
      closeOpenCalls();
      messages.push({ role: 'user', content: m.text });
    } else if (m.say === 'user_feedback' && meta.toolCallId) {
      if (meta.response === 'answer') toolResult(meta.toolCallId, `<answer>\n${m.text}\n</answer>`, false);
      else if (meta.response === 'approve' || meta.response === 'deny')
        responses.set(meta.toolCallId, { response: meta.response, text: m.text });
    } else if (m.type === 'ask' && meta.toolCall) {
      asked.add(meta.toolCall.id);
    }
    if (meta.toolResult) toolResult(meta.toolResult.id, meta.toolResult.content, meta.toolResult.isError);
  }

  const pending = lastCalls
    .map((call, index) => ({
      call,
      response: responses.get(call.id),
      asked: asked.has(call.id),
      sameToolBefore: lastCalls.slice(0, index).filter((c) => c.name === call.name).length,
    }))
    .filter((p) => !resolved.has(p.call.id));
  return { messages, pending, lastTurn };
}
