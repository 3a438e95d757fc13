import { condensedHead } from '../../agent/history.js';
import type { MessageMeta, Task, TaskMessage } from '../entities.js';
import { suggestionsOf } from '../tasks.service.js';
import type { ApiBlockOut, RooApiMessageOut, RooUiMessageOut } from './roo-format.js';

/**
 * The parts of our meta a reader of the history sees (and an import takes back); internal
 * bookkeeping (seenSeq, context sizes, dropped calls) stays out of the file.
 */
export const EXPORTED_META: readonly (keyof MessageMeta)[] = [
  'role',
  'turn',
  'toolCalls',
  'toolCall',
  'toolResult',
  'response',
  'toolCallId',
  'usage',
  'mode',
  'suggestions',
  'subtask',
  'contextCondense',
  'contextTruncation',
  'command',
  'exitCode',
  'checkpoint',
  'reasoningSignature',
  'importedKind',
];

function exportedMeta(meta: MessageMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of EXPORTED_META) if (meta[k] !== undefined) out[k] = meta[k];
  // A subtask of this server means nothing elsewhere: its mode and outcome stay, its id goes.
  if (meta.subtask) out.subtask = { mode: meta.subtask.mode, status: meta.subtask.status };
  return out;
}

/** Our history as Roo's ui_messages.json (ClineMessage[]), with our display meta under `rooServer`. */
export function toRooUiMessages(messages: readonly TaskMessage[]): RooUiMessageOut[] {
  return messages
    .filter((m) => !m.partial)
    .map((m) => {
      const meta = m.meta ?? {};
      const out: RooUiMessageOut = {
        ts: m.ts,
        type: m.type,
        ...(m.type === 'ask' ? { ask: m.ask ?? 'tool' } : { say: m.say ?? 'text' }),
        text: m.text,
        partial: false,
        rooServer: { seq: m.seq, meta: exportedMeta(meta) },
      };
      // Roo keeps a question and its suggestions as FollowUpData JSON in the text.
      if (m.type === 'ask' && m.ask === 'followup')
        out.text = JSON.stringify({
          question: m.text,
          suggest: suggestionsOf(meta.suggestions).map((s) => ({
            answer: s.text,
            ...(s.mode ? { mode: s.mode } : {}),
          })),
        });
      if (m.say === 'condense_context' && meta.contextCondense) out.contextCondense = meta.contextCondense;
      if (m.say === 'sliding_window_truncation' && meta.contextTruncation) {
        const { truncationId, messagesRemoved, prevContextTokens, newContextTokens } = meta.contextTruncation;
        out.contextTruncation = { truncationId, messagesRemoved, prevContextTokens, newContextTokens };
      }
      if (m.say === 'checkpoint_saved' && meta.checkpoint) out.checkpoint = { ...meta.checkpoint };
      return out;
    });
}

const ANSWER = (text: string) => `<answer>\n${text}\n</answer>`;

/**
 * Our history as Roo's api_conversation_history.json: Anthropic message params (text,
 * tool_use, tool_result, and reasoning/thinking blocks), consecutive same-role turns merged.
 * The whole history is kept: a condense adds Roo's summary message (`isSummary`,
 * `condenseId`) and marks what it replaced with `condenseParent`, as Roo does.
 */
export function toRooApiHistory(messages: readonly TaskMessage[]): RooApiMessageOut[] {
  const out: RooApiMessageOut[] = [];
  const known = new Set<string>();
  let firstPrompt = '';
  /** Index in `out` where the messages the next condense replaces start. */
  let sinceCondense = 0;
  const push = (role: 'user' | 'assistant', blocks: ApiBlockOut[], ts: number) => {
    if (!blocks.length) return;
    const last = out.at(-1);
    if (last && last.role === role && !last.isSummary) last.content.push(...blocks);
    else out.push({ role, content: blocks, ts });
  };
  const result = (id: string, content: string, isError: boolean, ts: number) => {
    if (known.has(id)) {
      push(
        'user',
        [{ type: 'tool_result', tool_use_id: id, content, ...(isError ? { is_error: true } : {}) }],
        ts,
      );
      known.delete(id);
    } else
      push('user', [{ type: 'text', text: `[Tool result${isError ? ' (error)' : ''}]\n${content}` }], ts);
  };
  /** The assistant message of each turn, so its text (recorded after the call list) lands in it. */
  const turns = new Map<number, RooApiMessageOut>();
  for (const m of messages) {
    if (m.partial) continue;
    const meta = m.meta ?? {};
    if (m.say === 'condense_context' && meta.contextCondense) {
      const id = meta.contextCondense.condenseId;
      for (const x of out.slice(sinceCondense)) x.condenseParent ??= id;
      out.push({
        role: 'user',
        content: [{ type: 'text', text: condensedHead(firstPrompt, meta.contextCondense.summary) }],
        ts: m.ts,
        isSummary: true,
        condenseId: id,
      });
      sinceCondense = out.length;
      continue;
    }
    if (m.say === 'api_req_started' && meta.turn) {
      const blocks: ApiBlockOut[] = (meta.toolCalls ?? []).map((c) => {
        known.add(c.id);
        return { type: 'tool_use', id: c.id, name: c.name, input: c.input };
      });
      const msg: RooApiMessageOut = { role: 'assistant', content: blocks, ts: m.ts };
      out.push(msg);
      turns.set(meta.turn, msg);
      continue;
    }
    if (m.say === 'reasoning' || (m.say === 'text' && meta.role === 'assistant')) {
      const block: ApiBlockOut =
        m.say === 'text'
          ? { type: 'text', text: m.text }
          : meta.reasoningSignature
            ? { type: 'thinking', thinking: m.text, signature: meta.reasoningSignature }
            : { type: 'reasoning', text: m.text };
      const turn = meta.turn ? turns.get(meta.turn) : undefined;
      // Reasoning first, then text, then the calls: the order the model produced them in.
      if (turn) turn.content.splice(turn.content.filter((b) => b.type !== 'tool_use').length, 0, block);
      else push('assistant', [block], m.ts);
      continue;
    }
    if ((m.say === 'text' && meta.role === 'user') || (m.say === 'user_feedback' && !meta.toolCallId)) {
      if (!firstPrompt && m.say === 'text') firstPrompt = m.text;
      push('user', [{ type: 'text', text: m.text }], m.ts);
      continue;
    }
    if (m.say === 'user_edit_todos') {
      push('user', [{ type: 'text', text: `[The user edited the todo list. It is now:]\n${m.text}` }], m.ts);
      continue;
    }
    if (m.say === 'user_feedback' && meta.toolCallId && meta.response === 'answer') {
      result(meta.toolCallId, ANSWER(m.text), false, m.ts);
      continue;
    }
    // A tool call with no turn of its own (an imported API history): the call, then its result.
    if (m.type === 'say' && meta.toolCall && !known.has(meta.toolCall.id)) {
      known.add(meta.toolCall.id);
      push('assistant', [{ type: 'tool_use', ...meta.toolCall }], m.ts);
    }
    if (meta.toolResult) result(meta.toolResult.id, meta.toolResult.content, meta.toolResult.isError, m.ts);
  }
  return out;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function blockMarkdown(b: ApiBlockOut): string {
  switch (b.type) {
    case 'text':
      return b.text;
    case 'reasoning':
      return `[Reasoning]\n${b.text}`;
    case 'thinking':
      return `[Reasoning]\n${b.thinking}`;
    case 'tool_use': {
      const args = Object.entries(b.input).map(
        ([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v, null, 2)}`,
      );
      return [`[Tool call: ${b.name}]`, ...args].join('\n');
    }
    case 'tool_result':
      return `[Tool result${b.is_error ? ' (error)' : ''}]\n${b.content}`;
  }
}

const usd = (n: number) => `$${n.toFixed(n > 0 && n < 0.01 ? 4 : 2)}`;

/** A task as Markdown: a header with its figures, then the conversation turn by turn (like Roo's export). */
export function toMarkdown(task: Task, messages: readonly TaskMessage[]): string {
  const imported = task.imported;
  const header = [
    `# ${oneLine(task.title)}`,
    '',
    `- Task: ${task.id}`,
    `- Mode: ${task.mode} · Status: ${task.status} · Created: ${task.createdAt.toISOString()}`,
    `- Tokens: ${task.tokensIn} in, ${task.tokensOut} out, ${task.cacheReads} cache reads, ${task.cacheWrites} cache writes · Cost: ${usd(task.cost)}`,
    ...(imported
      ? [
          `- Imported from ${imported.source} on ${imported.at}: ${imported.tokensIn} in, ${imported.tokensOut} out · original cost ${usd(imported.cost)}`,
        ]
      : []),
    '',
  ].join('\n');
  const body = toRooApiHistory(messages)
    .map((m) => {
      const who = m.isSummary
        ? '**Summary (context condensed):**'
        : m.role === 'user'
          ? '**User:**'
          : '**Assistant:**';
      return `${who}\n\n${m.content.map(blockMarkdown).join('\n\n')}\n\n`;
    })
    .join('---\n\n');
  return `${header}\n---\n\n${body}`;
}
