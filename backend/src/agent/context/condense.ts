import type { LlmClient, LlmMessage, LlmUsage } from '../../providers/llm/llm-client.js';
import { estimateTokens } from '../hostile-input.js';

/** The system prompt of a condense request (our wording of what Roo's asks for). */
export const CONDENSE_SYSTEM = `You write working summaries of coding-agent conversations so the work can go on in a fresh context.
This request only asks for a summary: answer with text, call no tools.
The summary request itself is not part of the work: "the latest user request" and "the next step" mean what the user and the agent were doing before it.`;

/** What the summary must hold. */
export const CONDENSE_INSTRUCTIONS = `Summarise the conversation above so that an agent with no other memory of it can carry on exactly where it stopped. Be precise and complete about technical details; leave out chatter. Use these sections:

1. Request and intent — everything the user asked for, including changes of mind.
2. Key technical context — languages, frameworks, conventions and decisions that matter.
3. Files and code — each file read, created or changed, why it matters, and the important snippets, signatures or edits (quote code exactly where it is needed to continue).
4. Problems and fixes — errors met and how they were solved; user feedback on the approach.
5. User messages — every message the user wrote (not tool results), briefly.
6. Open items — what is still to do, including the todo list's state.
7. Current work — precisely what was being done right before this summary.
8. Next step — the next action, only if it follows directly from the latest request; quote the latest instruction it is based on.`;

export interface CondenseOutcome {
  summary: string;
  usage: LlmUsage;
  /** The request's estimated tokens (it is never larger than the budget it was given). */
  requestTokens: number;
}

const CLIP_RESULT = 4_000;

/** One message as plain text: tool calls and results become text, so no tool definitions are needed. */
function asText(m: LlmMessage, clipAt: number): string {
  const clip = (s: string) =>
    s.length > clipAt
      ? `${s.slice(0, clipAt / 2)}\n… [${s.length - clipAt} characters left out] …\n${s.slice(-clipAt / 2)}`
      : s;
  switch (m.role) {
    case 'system':
      return '';
    case 'user':
      return `USER:\n${clip(m.content)}`;
    case 'assistant': {
      const calls = m.toolCalls.map((c) => `[tool call ${c.name}] ${clip(JSON.stringify(c.input))}`);
      return [`ASSISTANT:`, m.content, ...calls].filter(Boolean).join('\n');
    }
    case 'tool':
      return `[tool result${m.isError ? ', error' : ''}]\n${clip(m.content)}`;
  }
}

/**
 * The conversation as one text that fits `budget` tokens: long contents are shortened
 * first, then the oldest parts (after the first message) are left out.
 */
export function transcript(messages: LlmMessage[], budget: number): string {
  // Measured as it goes on the wire: JSON-escaped.
  const est = (s: string) => estimateTokens([s]);
  for (const clipAt of [Infinity, 20_000, CLIP_RESULT, 1_000, 300]) {
    const parts = messages.map((m) => asText(m, clipAt)).filter(Boolean);
    if (est(parts.join('\n\n')) <= budget) return parts.join('\n\n');
    if (clipAt === 300) {
      // Still too long: keep the first part and as many of the newest as fit.
      const [first, ...rest] = parts;
      const kept: string[] = [];
      let used = est(first ?? '') + 20;
      for (let i = rest.length - 1; i >= 0; i--) {
        const t = est(rest[i]) + 1;
        if (used + t > budget) break;
        kept.unshift(rest[i]);
        used += t;
      }
      return [first ?? '', '[… older parts of the conversation left out …]', ...kept].join('\n\n');
    }
  }
  return '';
}

/**
 * Asks the model for a summary of `messages` (the head included) in one request of at
 * most `budget` tokens. Throws on a provider failure or an empty or oversized answer;
 * the caller falls back to the sliding window.
 */
export async function condense(
  client: LlmClient,
  messages: LlmMessage[],
  budget: { request: number; summary: number },
  signal: AbortSignal,
): Promise<CondenseOutcome> {
  const fixed = estimateTokens({ CONDENSE_SYSTEM, CONDENSE_INSTRUCTIONS }) + 50;
  const limitNote = `\n\nKeep the summary under about ${Math.max(200, Math.floor(budget.summary * 0.75))} words.`;
  const text = transcript(messages, Math.max(200, budget.request - fixed));
  const request: LlmMessage[] = [
    { role: 'system', content: CONDENSE_SYSTEM },
    { role: 'user', content: `${text}\n\n---\n\n${CONDENSE_INSTRUCTIONS}${limitNote}` },
  ];
  let summary = '';
  let usage: LlmUsage | null = null;
  for await (const ev of client.stream(request, [], signal)) {
    if (ev.type === 'text') summary += ev.delta;
    else if (ev.type === 'usage') usage = ev.usage;
  }
  summary = summary.trim();
  if (!summary) throw new Error('the model returned an empty summary');
  // A summary the model padded past its room would not leave space for the work.
  if (estimateTokens(summary) > budget.summary * 1.5)
    throw new Error(
      `the summary is too long (${estimateTokens(summary)} tokens, room for ${budget.summary})`,
    );
  const requestTokens = estimateTokens(request);
  return {
    summary,
    requestTokens,
    usage: usage ?? { input: requestTokens, output: estimateTokens(summary), cacheRead: 0, cacheWrite: 0 },
  };
}
