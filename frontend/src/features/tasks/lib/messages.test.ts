import { ask, say } from '@/test/fixtures';
import {
  diffLines,
  foldPartial,
  followup,
  latestTodos,
  mergeMessages,
  pendingAsk,
  toolInfo,
} from './messages';

describe('mergeMessages', () => {
  it('keeps one message per seq, sorted', () => {
    const merged = mergeMessages([say(1, 'a'), say(3, 'c')], [say(2, 'b'), say(3, 'c'), say(1, 'a')]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('replaces a partial message with its final version but never the reverse', () => {
    const partial = say(2, 'hel', 'text', true);
    const final = say(2, 'hello');
    expect(mergeMessages([partial], [final])[0]).toEqual(final);
    expect(mergeMessages([final], [partial])[0]).toEqual(final);
  });

  it('returns the same array when nothing changes (no re-render)', () => {
    const list = [say(1, 'a')];
    expect(mergeMessages(list, [say(1, 'a')])).toBe(list);
  });
});

describe('message helpers', () => {
  it('finds the pending ask only while the task can answer', () => {
    const list = [say(1, 'a'), ask(2, 'followup', 'Why?')];
    expect(pendingAsk(list, 'waiting_for_input')?.seq).toBe(2);
    expect(pendingAsk(list, 'cancelled')).toBeNull();
    expect(pendingAsk([...list, say(3, 'ok')], 'running')).toBeNull();
  });

  it('parses Roo tool JSON and follow-ups', () => {
    expect(toolInfo(say(1, '{"tool":"readFile","path":"a.ts"}', 'tool'))).toMatchObject({
      tool: 'readFile',
      path: 'a.ts',
    });
    expect(toolInfo(say(1, 'plain', 'tool'))).toBeNull();
    expect(followup(ask(1, 'followup', '{"question":"Q?","suggest":["x",{"answer":"y"}]}'))).toEqual({
      question: 'Q?',
      suggestions: [{ text: 'x' }, { text: 'y' }],
    });
    expect(followup(ask(1, 'followup', 'Plain question?')).question).toBe('Plain question?');
  });

  it('reads the latest todo list', () => {
    const todos = latestTodos([
      say(
        1,
        JSON.stringify({ tool: 'updateTodoList', todos: [{ content: 'old', status: 'pending' }] }),
        'tool',
      ),
      say(
        2,
        JSON.stringify({ tool: 'updateTodoList', todos: [{ content: 'new', status: 'completed' }] }),
        'tool',
      ),
    ]);
    expect(todos).toEqual([{ content: 'new', status: 'completed' }]);
  });

  it('turns unified diffs and SEARCH/REPLACE blocks into diff lines', () => {
    expect(diffLines('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same').map((l) => l.kind)).toEqual([
      'hunk',
      'del',
      'add',
      'ctx',
    ]);
    const sr = diffLines('<<<<<<< SEARCH\n:start_line:1\n-------\nold\n=======\nnew\n>>>>>>> REPLACE');
    expect(sr).toEqual([
      { kind: 'hunk', text: '@@ change @@' },
      { kind: 'del', text: 'old' },
      { kind: 'add', text: 'new' },
    ]);
    expect(diffLines(undefined, 'a\nb').every((l) => l.kind === 'add')).toBe(true);
  });
});

describe('server-shaped messages (meta.toolCall)', () => {
  const withMeta = (m: ReturnType<typeof ask>, meta: Record<string, unknown>) => ({ ...m, meta });

  it('reads the tool call from meta with Roo tool names', () => {
    const m = withMeta(ask(4, 'tool', ''), {
      toolCall: { id: 'c1', name: 'write_to_file', input: { path: 'hello.txt', content: 'Hello Roo\n' } },
    });
    expect(toolInfo(m)).toMatchObject({ tool: 'write_to_file', path: 'hello.txt', content: 'Hello Roo\n' });
  });

  it('takes follow-up suggestions from meta', () => {
    const m = withMeta(ask(2, 'followup', 'Which greeting?'), {
      toolCall: { id: 'c0', name: 'ask_followup_question', input: { question: 'Which greeting?' } },
      suggestions: ['Hello Roo', 'Hi'],
    });
    expect(followup(m)).toEqual({
      question: 'Which greeting?',
      suggestions: [{ text: 'Hello Roo' }, { text: 'Hi' }],
    });
  });

  it("takes Roo's {text, mode} suggestions, keeping the mode", () => {
    const m = withMeta(ask(2, 'followup', 'Go?'), {
      toolCall: { id: 'c0', name: 'ask_followup_question', input: { question: 'Go?' } },
      suggestions: [{ text: 'Implement it', mode: 'code' }, { text: 'Plan only' }, 7],
    });
    expect(followup(m).suggestions).toEqual([{ text: 'Implement it', mode: 'code' }, { text: 'Plan only' }]);
  });

  it('parses a markdown checklist from update_todo_list', () => {
    const m = withMeta(say(3, '', 'tool'), {
      toolCall: { id: 'c2', name: 'update_todo_list', input: { todos: '[x] read\n[-] edit\n[ ] verify' } },
    });
    expect(latestTodos([m])).toEqual([
      { content: 'read', status: 'completed' },
      { content: 'edit', status: 'in_progress' },
      { content: 'verify', status: 'pending' },
    ]);
  });

  it('only offers answer/approve/deny for question, tool and command asks', () => {
    expect(pendingAsk([ask(1, 'completion_result', 'done')], 'waiting_for_input')).toBeNull();
    expect(pendingAsk([ask(1, 'command', 'npm test')], 'waiting_for_input')?.seq).toBe(1);
  });

  it('folds partial text whether the server sends the text so far or only the new piece', () => {
    expect(foldPartial(undefined, 'Hel')).toBe('Hel');
    expect(foldPartial('Hel', 'Hello')).toBe('Hello');
    expect(foldPartial('Hello', ' world')).toBe('Hello world');
  });
});
