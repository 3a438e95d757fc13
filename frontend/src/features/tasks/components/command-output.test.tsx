import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { FakeRealtime } from '@/test/fake-realtime';
import { renderWithProviders } from '@/test/render';
import { CommandOutput, openCommand, STREAM_SHOWN_CHARS } from './command-output';
import { MessageList } from './message-list';
import { PendingAsk } from './pending-ask';

const ts = 1_700_000_000_000;
const call = { id: 'c1', name: 'execute_command', input: { command: 'npm test' } };
const turn: TaskMessage = {
  seq: 3,
  ts,
  type: 'say',
  say: 'api_req_started',
  text: '{}',
  partial: false,
  meta: { turn: 1, toolCalls: [call] },
};
const commandAsk: TaskMessage = {
  seq: 4,
  ts,
  type: 'ask',
  ask: 'command',
  text: 'npm test',
  partial: false,
  meta: { toolCall: call, command: 'npm test' },
};
const output = (text: string, exitCode: number | null, content = `Exit code: ${exitCode}`): TaskMessage => ({
  seq: 6,
  ts,
  type: 'say',
  say: 'command_output',
  text,
  partial: false,
  meta: { command: 'npm test', exitCode, toolResult: { id: 'c1', content, isError: exitCode !== 0 } },
});

describe('command asks and output', () => {
  it('a pending command ask shows the command and sends Approve over the socket', async () => {
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={commandAsk} canRespond />, {
      realtime,
    });
    expect(await screen.findByRole('heading', { name: 'Run this command?' })).toBeInTheDocument();
    expect(screen.getByText('npm test').tagName).toBe('CODE');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(realtime.responds).toEqual([{ taskId: 't1', response: 'approve' }]));
  });

  it('a command ask can be denied with feedback', async () => {
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={commandAsk} canRespond />, {
      realtime,
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Optional feedback sent with your decision'), 'not now');
    await user.click(screen.getByRole('button', { name: 'Deny' }));
    await waitFor(() =>
      expect(realtime.responds).toEqual([{ taskId: 't1', response: 'deny', text: 'not now' }]),
    );
  });

  it('shows the exit code and the output in monospace, the truncation marker as a note', () => {
    const text = 'start of it\n[... 123456 bytes of output omitted ...]\nend of it\n';
    render(<CommandOutput message={output(text, 1)} />);
    expect(screen.getByText('Exit code 1')).toHaveClass('cmd-exit-fail');
    const region = screen.getByRole('region', { name: 'Output of npm test' });
    expect(region.tagName).toBe('PRE');
    expect(region).toHaveClass('cmd-output');
    expect(region).toHaveTextContent('start of it');
    expect(region).toHaveTextContent('end of it');
    expect(within(region).getByTestId('output-truncated')).toHaveTextContent(
      '[… 123,456 bytes of output omitted …]',
    );
    expect(region).not.toHaveTextContent('[... 123456');
  });

  it('a command that did not run shows why, without an exit code', () => {
    const m = output('', 0);
    m.meta = {
      command: 'rm -rf x',
      toolResult: { id: 'c1', content: 'The command was not run: "rm" is denied', isError: true },
    };
    render(<CommandOutput message={m} />);
    expect(screen.getByText(/The command was not run/)).toBeInTheDocument();
    expect(screen.queryByText(/Exit code/)).toBeNull();
  });

  it('streams a running command’s partial as its output (monospace), model text as Markdown', () => {
    const approved: TaskMessage = {
      seq: 5,
      ts,
      type: 'say',
      say: 'user_feedback',
      text: '',
      partial: false,
      meta: { toolCallId: 'c1', response: 'approve' },
    };
    const history = [turn, commandAsk, approved];
    expect(openCommand(history)).toBe('npm test');
    const { rerender } = render(
      <MessageList messages={history} partials={new Map([[6, 'PASS one\n**not bold**']])} />,
    );
    const live = screen.getByRole('region', { name: 'Live output of npm test' });
    expect(live).toHaveTextContent('PASS one');
    expect(screen.queryByText('not bold', { selector: 'strong' })).toBeNull();

    // Once the result is in, the command is no longer open and the output message shows instead.
    const done = [...history, output('PASS one\n', 0)];
    expect(openCommand(done)).toBeNull();
    rerender(<MessageList messages={done} partials={new Map()} />);
    expect(screen.getByText('Exit code 0')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Live output of npm test' })).toBeNull();
  });

  it('keeps only the end of a huge streamed output', () => {
    const big = `${'x'.repeat(STREAM_SHOWN_CHARS)}THE-END`;
    render(<MessageList messages={[turn]} partials={new Map([[4, big]])} />);
    const live = screen.getByRole('region', { name: 'Live output of npm test' });
    expect(live.textContent?.length).toBe(STREAM_SHOWN_CHARS);
    expect(live).toHaveTextContent(/THE-END$/);
    expect(screen.getByText(/Showing the last/)).toBeInTheDocument();
  });
});
