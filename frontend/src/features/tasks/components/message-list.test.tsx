import { render, screen, within } from '@testing-library/react';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { MessageList } from './message-list';

// Shapes as the agent runner records them (backend/src/agent/agent-runner.ts, file-tools.ts).
let seq = 0;
const msg = (m: Partial<TaskMessage>): TaskMessage => ({
  seq: ++seq,
  ts: 1_700_000_000_000 + seq,
  type: 'say',
  text: '',
  partial: false,
  meta: {},
  ...m,
});
const readResult = (path: string, text: string) =>
  msg({
    say: 'tool',
    text: JSON.stringify({ tool: 'readFile', path }),
    meta: {
      toolResult: {
        id: `r${seq}`,
        content: `<file><path>${path}</path>\n<content>\n${text
          .split('\n')
          .map((l, i) => `${i + 1} | ${l}`)
          .join('\n')}\n</content></file>`,
        isError: false,
      },
    },
  });
const writeAsk = (id: string, path: string, content: string) =>
  msg({
    type: 'ask',
    ask: 'tool',
    text: JSON.stringify({ tool: 'editedExistingFile', path, content }),
    meta: { toolCall: { id, name: 'write_to_file', input: { path, content } } },
  });
const feedback = (id: string, response: 'approve' | 'deny', text = '') =>
  msg({ say: 'user_feedback', text, meta: { toolCallId: id, response } });
const writeSay = (id: string, path: string, content: string, outcome: string, isError: boolean) =>
  msg({
    say: 'tool',
    text: JSON.stringify({ tool: 'editedExistingFile', path, content }),
    meta: { toolResult: { id, content: outcome, isError } },
  });

function row(seqNo: number) {
  const li = document.querySelector(`li[data-seq="${seqNo}"]`);
  if (!(li instanceof HTMLElement)) throw new Error(`no row ${seqNo}`);
  return li;
}

describe('MessageList history', () => {
  beforeEach(() => {
    seq = 0;
  });

  it('says a denied edit was denied and not applied, with the proposal as a real diff', () => {
    const before = 'line 1\nline 2\nline 3';
    const after = 'line 1\nline two\nline 3';
    const messages = [
      readResult('a.txt', before),
      writeAsk('c1', 'a.txt', after),
      feedback('c1', 'deny', 'not like this'),
      writeSay('c1', 'a.txt', after, 'The user denied this operation.\nThe user said: not like this', true),
    ];
    render(<MessageList messages={messages} />);
    const denied = row(4);
    const summary = denied.querySelector('summary') as HTMLElement;
    expect(summary).toHaveTextContent('Denied: Edit file a.txt (not applied)');
    expect(summary.querySelector('svg.disclosure-icon')).not.toBeNull();
    expect(within(denied).getByRole('region', { name: 'Proposed changes to a.txt' })).toBeInTheDocument();
    // Only the changed line is removed/added, not the whole file.
    expect(denied.querySelectorAll('.diff-add')).toHaveLength(1);
    expect(denied.querySelectorAll('.diff-del')).toHaveLength(1);
    expect(denied.querySelector('.diff-del')).toHaveTextContent('line 2');
    expect(row(3)).toHaveTextContent('Denied — not like this');
  });

  it('an applied edit shows the real change against the file as the task read it', () => {
    const messages = [
      readResult('src/x.ts', 'a\nb\nc\nd\ne\nf\ng\nh'),
      writeSay('c2', 'src/x.ts', 'a\nb\nc\nD\ne\nf\ng\nh', 'src/x.ts saved (15 bytes).', false),
    ];
    render(<MessageList messages={messages} />);
    const applied = row(2);
    expect(applied.querySelector('summary')).toHaveTextContent(/^Edit file src\/x\.ts$/);
    const diff = within(applied).getByRole('region', { name: 'Changes to src/x.ts' });
    expect([...diff.querySelectorAll('.diff-add')].map((e) => e.textContent)).toEqual(['+added: D\n']);
    expect([...diff.querySelectorAll('.diff-del')].map((e) => e.textContent)).toEqual(['−removed: d\n']);
  });

  it('without the previous version, an edit says so instead of showing the whole file as added', () => {
    render(
      <MessageList messages={[writeSay('c3', 'b.txt', 'new\ntext', 'b.txt saved (8 bytes).', false)]} />,
    );
    const r = row(1);
    expect(r.querySelector('.diff-add')).toBeNull();
    expect(r).toHaveTextContent('The previous version of b.txt is not in this task');
    expect(within(r).getByRole('region', { name: 'New content of b.txt' })).toHaveTextContent('new text');
  });

  it('a new file is all added; a failed write says Failed', () => {
    const created = msg({
      say: 'tool',
      text: JSON.stringify({ tool: 'newFileCreated', path: 'n.txt', content: 'x\ny' }),
      meta: { toolResult: { id: 'c4', content: 'n.txt saved (3 bytes).', isError: false } },
    });
    const failed = msg({
      say: 'tool',
      text: JSON.stringify({
        tool: 'appliedDiff',
        path: 'm.txt',
        diff: '<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE',
      }),
      meta: { toolResult: { id: 'c5', content: 'search block not found', isError: true } },
    });
    render(<MessageList messages={[created, failed]} />);
    expect(row(1).querySelectorAll('.diff-add')).toHaveLength(2);
    expect(row(2).querySelector('summary')).toHaveTextContent('Failed: Apply diff m.txt (not applied)');
  });

  it('renders agent text and results as Markdown, user text as typed', () => {
    const messages = [
      msg({ say: 'text', text: '**not bold**', meta: { role: 'user' } }),
      msg({ say: 'text', text: '## Plan\n\n**Step** one', meta: { role: 'assistant' } }),
      msg({ say: 'completion_result', text: 'Done: `x.ts` updated' }),
    ];
    render(<MessageList messages={messages} />);
    expect(row(1)).toHaveTextContent('**not bold**');
    expect(within(row(2)).getByRole('heading', { name: 'Plan' })).toBeInTheDocument();
    expect(row(2).querySelector('strong')).toHaveTextContent('Step');
    expect(row(3).querySelector('.msg-completion code')).toHaveTextContent('x.ts');
  });

  it('streams partial text as Markdown in the live region', () => {
    render(<MessageList messages={[]} partials={new Map([[1, '# Hi\n\n- a']])} />);
    const live = screen.getByLabelText('Streaming answer');
    expect(within(live).getByRole('heading', { name: 'Hi' })).toBeInTheDocument();
    expect(within(live).getByRole('listitem')).toHaveTextContent('a');
  });
});

describe('MessageList large writes', () => {
  it('a truncated display is shown as a preview, never diffed as the whole file', () => {
    seq = 0;
    const messages = [
      readResult('big.txt', 'old'),
      msg({
        say: 'tool',
        text: JSON.stringify({
          tool: 'editedExistingFile',
          path: 'big.txt',
          content: 'start of a long file',
          truncated: true,
          size: 40000,
          sha256: 'ab',
        }),
        meta: { toolResult: { id: 'c9', content: 'big.txt saved (40000 bytes).', isError: false } },
      }),
    ];
    render(<MessageList messages={messages} />);
    const r = row(2);
    expect(r.querySelector('.diff-add, .diff-del')).toBeNull();
    expect(r).toHaveTextContent('only its beginning is kept');
    expect(within(r).getByRole('region', { name: 'Beginning of the change to big.txt' })).toHaveTextContent(
      'start of a long file',
    );
  });
});
