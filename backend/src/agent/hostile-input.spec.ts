import { describe, expect, it } from 'vitest';
import type { TaskMessage } from '../tasks/entities.js';
import { rebuildConversation } from './history.js';
import { estimateTokens, storable, unsafeArgument } from './hostile-input.js';

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

describe('hostile model input', () => {
  it('finds what Postgres would reject, anywhere in the arguments', () => {
    expect(unsafeArgument({ path: 'a.md', content: 'tab\tnew\nline' })).toBeNull();
    expect(unsafeArgument({ path: 'a\u0000.md' })).toMatch(/argument "path" contain a NUL/);
    expect(unsafeArgument({ list: [{ deep: 'x\ud800y' }] })).toMatch(/lone surrogate/);
    expect(unsafeArgument({ 'k\u0000': 1 })).toMatch(/NUL/);
    expect(unsafeArgument({ ok: '😀' })).toBeNull();
  });

  it('makes any text storable and key-free', () => {
    expect(storable('a\u0000b\udc00c', (s) => s.replace('SECRET', '[redacted]'))).toBe('a\ufffdb\ufffdc');
    expect(storable('my SECRET', (s) => s.replace('SECRET', '[redacted]'))).toBe('my [redacted]');
  });

  it('estimates tokens as characters / 4', () => {
    expect(estimateTokens('x'.repeat(400))).toBe(100);
    expect(estimateTokens([{ role: 'user', content: 'y'.repeat(1000) }])).toBeGreaterThan(250);
  });

  it('answers dropped calls (past the per-turn limit) with an error, and never leaves them pending', () => {
    const conv = rebuildConversation([
      msg(1, { say: 'text', text: 'go', meta: { role: 'user' } }),
      msg(2, {
        say: 'api_req_started',
        meta: {
          turn: 1,
          toolCalls: [{ id: 'a', name: 'read_file', input: { path: 'x' } }],
          droppedToolCalls: [
            { id: 'b', name: 'read_file' },
            { id: 'c', name: 'new_task' },
          ],
        },
      }),
    ]);
    expect(conv.pending.map((p) => p.call.id)).toEqual(['a']);
    const assistant = conv.messages[1];
    expect(assistant.role === 'assistant' && assistant.toolCalls.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    const results = conv.messages.filter((m) => m.role === 'tool');
    expect(results).toHaveLength(2);
    expect(results.every((r) => r.role === 'tool' && r.isError && /first 1 tool calls/.test(r.content))).toBe(
      true,
    );
  });

  it('counts earlier calls of the same tool in a turn (per-turn new_task limit)', () => {
    const calls = ['new_task', 'read_file', 'new_task', 'new_task'].map((name, i) => ({
      id: `c${i}`,
      name,
      input: {},
    }));
    const conv = rebuildConversation([
      msg(1, { say: 'api_req_started', meta: { turn: 1, toolCalls: calls } }),
    ]);
    expect(conv.pending.map((p) => p.sameToolBefore)).toEqual([0, 0, 1, 2]);
  });
});
