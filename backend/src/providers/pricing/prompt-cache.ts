import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';

/**
 * Anthropic prompt caching: a cache_control breakpoint on the system prompt (which caches the
 * tools before it too) and on the last block of the last two user turns. Each turn then reads
 * the conversation so far from the cache (billed at the cache-read price) and writes only what
 * is new; the second-to-last breakpoint is the one the next request hits. 3 of the API's 4
 * allowed breakpoints.
 */
const EPHEMERAL = { type: 'ephemeral' } as const;

export function withCacheBreakpoints(
  system: string,
  messages: MessageParam[],
): { system: TextBlockParam[]; messages: MessageParam[] } {
  const userTurns = messages.flatMap((m, i) => (m.role === 'user' ? [i] : [])).slice(-2);
  const marked = messages.map((m, i): MessageParam => {
    if (m.role !== 'user' || !userTurns.includes(i)) return m;
    const blocks =
      typeof m.content === 'string' ? [{ type: 'text' as const, text: m.content }] : [...m.content];
    const last = blocks[blocks.length - 1];
    if (!last || last.type === 'thinking' || last.type === 'redacted_thinking') return m;
    blocks[blocks.length - 1] = { ...last, cache_control: EPHEMERAL };
    return { role: 'user', content: blocks };
  });
  return {
    system: system ? [{ type: 'text', text: system, cache_control: EPHEMERAL }] : [],
    messages: marked,
  };
}
