import type { LlmMessage } from '../../providers/llm/llm-client.js';
import { estimateTokens } from '../hostile-input.js';
import type { Conversation } from '../history.js';

/**
 * Where to cut the conversation so the rest fits `target` tokens: the oldest turns go
 * first (the head — first request or condensed summary — always stays, and so does the
 * last turn). Returns the first history seq kept and how many messages go, or null when
 * there is no whole turn to drop.
 */
export function chooseCut(
  conv: Pick<Conversation, 'messages' | 'head' | 'turnStarts'>,
  fixedTokens: number,
  target: number,
): { keepFromSeq: number; removed: number; tokensAfter: number } | null {
  const { messages, head, turnStarts } = conv;
  const starts = turnStarts.filter((t) => t.index >= head);
  if (starts.length < 2) return null;
  const headTokens = estimateTokens(messages.slice(0, head));
  // Tokens of everything from each turn start to the end, computed back to front.
  const tail: number[] = new Array<number>(starts.length);
  let acc = 0;
  for (let i = starts.length - 1; i >= 0; i--) {
    const end = i + 1 < starts.length ? starts[i + 1].index : messages.length;
    acc += estimateTokens(messages.slice(starts[i].index, end));
    tail[i] = acc;
  }
  // Drop at least the oldest turn; keep at least the newest.
  let k = 1;
  while (k < starts.length - 1 && fixedTokens + headTokens + tail[k] > target) k++;
  return {
    keepFromSeq: starts[k].seq,
    removed: starts[k].index - head,
    tokensAfter: fixedTokens + headTokens + tail[k],
  };
}

const CLIP_NOTE = (n: number) => `\n… [${n} characters left out to fit the context window] …\n`;

/**
 * The last guard before a request: if it is still larger than `budget` (one huge tool
 * result, a giant first request), the longest contents are shortened — head and tail
 * kept — until it fits. Only the request changes, never the stored history.
 */
export function fitToWindow(
  messages: LlmMessage[],
  measure: (m: LlmMessage[]) => number,
  budget: number,
): { messages: LlmMessage[]; clipped: number } {
  let out = messages;
  let clipped = 0;
  for (let guard = 0; guard < 200 && measure(out) > budget; guard++) {
    let longest = -1;
    for (let i = 0; i < out.length; i++) {
      const m = out[i];
      if (m.role === 'system') continue;
      if (longest < 0 || m.content.length > out[longest].content.length) longest = i;
    }
    if (longest < 0 || out[longest].content.length < 400) break;
    const m = out[longest];
    const over = (measure(out) - budget) * 4;
    const keep = Math.max(200, Math.min(Math.floor(m.content.length / 2), m.content.length - over - 200));
    const half = Math.floor(keep / 2);
    const content = m.content.slice(0, half) + CLIP_NOTE(m.content.length - keep) + m.content.slice(-half);
    out = out.map((x, i) => (i === longest ? ({ ...x, content } as LlmMessage) : x));
    clipped++;
  }
  return { messages: out, clipped };
}
