import { describe, expect, it } from 'vitest';
import type { LlmMessage } from '../../providers/llm/llm-client.js';
import type { MessageMeta, TaskMessage } from '../../tasks/entities.js';
import { rebuildConversation, TRUNCATION_NOTE } from '../history.js';
import { estimateTokens } from '../hostile-input.js';
import { transcript } from './condense.js';
import { isContextOverflow } from './context-manager.js';
import { contextBudget, knownContextWindow } from './context-window.js';
import { chooseCut, fitToWindow } from './sliding-window.js';
import { contextTokens } from './tokens.js';

const msg = (seq: number, m: Partial<TaskMessage>): TaskMessage =>
  ({
    taskId: 't',
    seq,
    ts: seq,
    type: 'say',
    ask: null,
    say: null,
    text: '',
    partial: false,
    meta: {},
    ...m,
  }) as TaskMessage;
const user = (seq: number, text: string) => msg(seq, { say: 'text', text, meta: { role: 'user' } });
const turn = (seq: number, n: number, extra: Partial<MessageMeta> = {}) =>
  msg(seq, {
    say: 'api_req_started',
    meta: {
      turn: n,
      toolCalls: [{ id: `c${n}`, name: 'read_file', input: { path: `f${n}` } }],
      ...extra,
    },
  });
const result = (seq: number, n: number, content: string) =>
  msg(seq, { say: 'tool', meta: { toolResult: { id: `c${n}`, content, isError: false } } });

/** A history of `turns` read_file turns, 3 messages each after the first request. */
function history(turns: number, size = 100): TaskMessage[] {
  const out = [user(1, 'do the thing')];
  for (let n = 1; n <= turns; n++)
    out.push(turn(out.length + 1, n), result(out.length + 2, n, 'x'.repeat(size)));
  return out;
}

describe('context windows', () => {
  it('knows common models, and a profile overrides the table', () => {
    expect(knownContextWindow('claude-sonnet-4-5')).toBe(200_000);
    expect(knownContextWindow('gpt-4o-mini')).toBe(128_000);
    expect(knownContextWindow('gpt-4.1-nano')).toBe(1_047_576);
    expect(knownContextWindow('gpt-4-0613')).toBe(8_192);
    expect(knownContextWindow('o3-mini')).toBe(200_000);
    expect(knownContextWindow('llama3.1:8b')).toBeNull();
    const d = { window: 128_000, thresholdPercent: 80 };
    expect(contextBudget('llama3.1:8b', {}, d).window).toBe(128_000);
    expect(contextBudget('gpt-4o', { contextWindow: 16_000 }, d).window).toBe(16_000);
  });

  it('keeps room for the answer and 10 % for estimation error; condenses at the threshold', () => {
    const b = contextBudget(
      'x',
      { contextWindow: 100_000, maxOutputTokens: 4_000 },
      { window: 1, thresholdPercent: 80 },
    );
    expect(b).toEqual({ window: 100_000, reserve: 4_000, allowed: 86_000, condenseAt: 80_000 });
    // A small window: the answer's reserve is capped at 20 %, the threshold never above `allowed`.
    const s = contextBudget(
      'x',
      { contextWindow: 10_000, condenseThresholdPercent: 95 },
      { window: 1, thresholdPercent: 80 },
    );
    expect(s).toEqual({ window: 10_000, reserve: 2_000, allowed: 7_000, condenseAt: 7_000 });
  });

  it('recognises providers’ "too long" answers', () => {
    expect(
      isContextOverflow('provider "x" answered 400: This model\'s maximum context length is 8192 tokens'),
    ).toBe(true);
    expect(isContextOverflow('prompt is too long: 210000 tokens > 200000 maximum')).toBe(true);
    expect(isContextOverflow('provider "x" answered 500: internal error')).toBe(false);
  });
});

describe('context in the rebuilt conversation', () => {
  it('a condense_context message replaces everything before it by one user message with the request and summary', () => {
    const h = history(3);
    h.push(
      msg(h.length + 1, {
        say: 'condense_context',
        text: 'S',
        meta: {
          contextCondense: {
            summary: 'SUMMARY',
            prevContextTokens: 900,
            newContextTokens: 100,
            cost: 0,
            condenseId: 'c',
          },
        },
      }),
    );
    h.push(turn(h.length + 1, 4), result(h.length + 2, 4, 'after'));
    const conv = rebuildConversation(h);
    expect(conv.messages).toHaveLength(3);
    expect(conv.messages[0]).toMatchObject({ role: 'user' });
    expect((conv.messages[0] as { content: string }).content).toMatch(/do the thing[\s\S]*SUMMARY/);
    expect(conv.head).toBe(1);
    expect(conv.turnStarts).toEqual([{ seq: 9, index: 1 }]);
    expect(conv.pending).toEqual([]);
  });

  it('a truncation drops the turns before keepFromSeq and keeps the first request (with a note)', () => {
    const h = history(4);
    // Turns start at seqs 2, 4, 6, 8: keep from the third.
    h.push(
      msg(10, {
        say: 'sliding_window_truncation',
        meta: {
          contextTruncation: {
            truncationId: 't',
            messagesRemoved: 4,
            prevContextTokens: 1,
            newContextTokens: 1,
            keepFromSeq: 6,
          },
        },
      }),
    );
    const conv = rebuildConversation(h);
    expect(conv.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
    expect((conv.messages[0] as { content: string }).content).toBe(`do the thing\n\n${TRUNCATION_NOTE}`);
    expect((conv.messages[1] as { toolCalls: { id: string }[] }).toolCalls[0].id).toBe('c3');
    // Every tool result still follows its call.
    expect((conv.messages[2] as { toolCallId: string }).toolCallId).toBe('c3');
  });

  it('a message sent while a turn ran reaches the model after that turn’s tool results', () => {
    const h = [
      user(1, 'go'),
      msg(2, { say: 'user_feedback', text: 'early note', meta: { response: 'message' } }),
      turn(3, 1, { seenSeq: 2 }),
      // Sent while turn 1 streamed: the model had not seen it.
      msg(4, { say: 'user_feedback', text: 'late note', meta: { response: 'message' } }),
      result(5, 1, 'file'),
    ];
    const conv = rebuildConversation(h);
    const roles = conv.messages.map((m) => [m.role, 'content' in m ? m.content : '']);
    expect(roles).toEqual([
      ['user', 'go'],
      ['user', 'early note'],
      ['assistant', ''],
      ['tool', 'file'],
      ['user', 'late note'],
    ]);
    // While the call is open the note waits (a user message may not split call and result).
    const open = rebuildConversation(h.slice(0, 4));
    expect(open.messages.at(-1)).toMatchObject({ role: 'assistant' });
    expect(open.pending).toHaveLength(1);
  });

  it('a new_task call with a started subtask stays pending until its subtask_result answers it', () => {
    const h = [
      user(1, 'orchestrate'),
      msg(2, {
        say: 'api_req_started',
        meta: { turn: 1, toolCalls: [{ id: 'n1', name: 'new_task', input: {} }] },
      }),
      msg(3, { say: 'tool', text: '{}', meta: { subtask: { taskId: 'child' }, toolCallId: 'n1' } }),
    ];
    expect(rebuildConversation(h).pending).toMatchObject([{ subtask: 'child' }]);
    h.push(
      msg(4, {
        say: 'subtask_result',
        text: 'plan',
        meta: {
          toolResult: {
            id: 'n1',
            content: 'Subtask child (architect mode) completed.\n\nResult:\nplan',
            isError: false,
          },
        },
      }),
    );
    const conv = rebuildConversation(h);
    expect(conv.pending).toEqual([]);
    expect(conv.messages.at(-1)).toMatchObject({ role: 'tool', toolCallId: 'n1' });
  });
});

describe('shrinking a conversation', () => {
  it('chooseCut drops the oldest turns until the rest fits, always keeping the newest', () => {
    const conv = rebuildConversation(history(10, 4_000));
    const all = estimateTokens(conv.messages);
    const cut = chooseCut(conv, 0, Math.floor(all / 2))!;
    expect(cut.removed % 2).toBe(0);
    expect(cut.tokensAfter).toBeLessThanOrEqual(Math.floor(all / 2));
    expect(cut.tokensAfter).toBeGreaterThan(Math.floor(all / 4));
    // An impossible target still keeps the last turn.
    const tight = chooseCut(conv, 0, 1)!;
    expect(tight.keepFromSeq).toBe(conv.turnStarts.at(-1)!.seq);
    expect(chooseCut(rebuildConversation(history(1)), 0, 1)).toBeNull();
  });

  it('fitToWindow shortens the longest contents until the request fits', () => {
    const messages: LlmMessage[] = [
      { role: 'user', content: 'short' },
      { role: 'tool', toolCallId: 'a', content: 'y'.repeat(40_000), isError: false },
    ];
    const out = fitToWindow(messages, (m) => estimateTokens(m), 2_000);
    expect(estimateTokens(out.messages)).toBeLessThanOrEqual(2_000);
    expect(out.messages[0]).toEqual(messages[0]);
    expect(out.messages[1].content).toMatch(/characters left out to fit the context window/);
  });

  it('the condense transcript fits its budget and keeps the newest parts', () => {
    const conv = rebuildConversation(history(30, 4_000));
    const text = transcript(conv.messages, 3_000);
    expect(estimateTokens([text])).toBeLessThanOrEqual(3_000);
    expect(text).toMatch(/^USER:\ndo the thing/);
    expect(text).toContain('f30');
  });

  it('counts the provider’s last usage plus an estimate of what came after it', () => {
    const h = history(2);
    h[3].meta.usage = { tokensIn: 5_000, tokensOut: 100, cacheReads: 0, cacheWrites: 0, cost: 0 };
    const conv = rebuildConversation(h);
    expect(conv.lastUsage).toEqual({ tokens: 5_100, messages: 4 });
    const n = contextTokens(conv, 'sys', conv.messages, []);
    expect(n).toBeGreaterThan(5_100);
    expect(n).toBeLessThan(5_200);
  });
});
