import type { LlmMessage, LlmTool } from '../../providers/llm/llm-client.js';
import { estimateTokens } from '../hostile-input.js';
import type { Conversation } from '../history.js';

/**
 * Estimated tokens of one request: system prompt, messages and tool definitions as JSON,
 * about 4 characters a token (the JSON's quoting and escapes make it err on the high side
 * for prose; the window's 10 % buffer and the overflow retry cover code-heavy text).
 */
export function promptTokens(system: string, messages: LlmMessage[], tools: LlmTool[]): number {
  return estimateTokens({ system, messages, tools });
}

/**
 * The context a request would fill: the provider's own count for the last turn plus an
 * estimate of what came after it, or the estimate of everything, whichever is larger.
 */
export function contextTokens(
  conv: Pick<Conversation, 'lastUsage'>,
  system: string,
  messages: LlmMessage[],
  tools: LlmTool[],
): number {
  const estimate = promptTokens(system, messages, tools);
  const u = conv.lastUsage;
  if (!u || u.messages > messages.length) return estimate;
  return Math.max(estimate, u.tokens + estimateTokens(messages.slice(u.messages)));
}
