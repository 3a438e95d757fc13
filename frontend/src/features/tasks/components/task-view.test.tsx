import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { FakeRealtime } from '@/test/fake-realtime';
import { say, task } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { TaskView } from './task-view';

function seqs() {
  const list = screen.getByRole('list', { name: 'Task messages' });
  return within(list)
    .getAllByRole('listitem')
    .map((li) => Number(li.getAttribute('data-seq')));
}

describe('TaskView live stream', () => {
  it('merges socket messages with REST catch-up without duplicates and re-subscribes with the last seq', async () => {
    const restCalls: Array<string | null> = [];
    const history: TaskMessage[] = [say(1, 'one'), say(2, 'two'), say(3, 'three')];
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(task())),
      http.get('/api/v1/tasks/t1/messages', ({ request }) => {
        const after = new URL(request.url).searchParams.get('afterSeq');
        restCalls.push(after);
        const n = after === null ? 0 : Number(after);
        // The API answers a bare array (TaskMessageDto[] in the OpenAPI document).
        return HttpResponse.json(history.filter((m) => m.seq > n));
      }),
    );
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<TaskView taskId="t1" canAct />, { realtime });

    await waitFor(() => expect(seqs()).toEqual([1, 2, 3]));
    expect(realtime.subscribes[0]?.taskId).toBe('t1');

    // The socket replays seq 3 (already known) and delivers 4.
    act(() => {
      realtime.emit('task:message', { taskId: 't1', message: say(3, 'three') });
      realtime.emit('task:message', { taskId: 't1', message: say(4, 'four') });
      realtime.emit('task:message', { taskId: 'other', message: say(99, 'not ours') });
    });
    await waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4]));

    // Connection lost; meanwhile 5 and 6 are persisted. On reconnect: subscribe afterSeq=4 + REST catch-up.
    act(() => realtime.setState('reconnecting'));
    history.push(say(4, 'four'), say(5, 'five'), say(6, 'six'));
    act(() => realtime.setState('connected'));
    // The socket replay of 5 arrives as well, racing the REST answer.
    act(() => realtime.emit('task:message', { taskId: 't1', message: say(5, 'five') }));

    await waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]));
    expect(realtime.subscribes.at(-1)).toEqual({ taskId: 't1', afterSeq: 4 });
    expect(restCalls).toContain('4');
    expect(screen.getAllByText('five')).toHaveLength(1);
  });

  it('streams partial text in a live region and replaces it with the persisted message', async () => {
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(task())),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json([say(1, 'hello')])),
    );
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<TaskView taskId="t1" canAct />, { realtime });
    await waitFor(() => expect(seqs()).toEqual([1]));

    act(() => realtime.emit('task:partial', { taskId: 't1', seq: 2, text: 'Thinking about' }));
    const live = screen.getByLabelText('Streaming answer');
    expect(live).toHaveAttribute('aria-live', 'polite');
    await waitFor(() => expect(live).toHaveTextContent('Thinking about'));
    act(() => realtime.emit('task:partial', { taskId: 't1', seq: 2, text: 'Thinking about it' }));
    await waitFor(() => expect(live).toHaveTextContent('Thinking about it'));

    act(() => realtime.emit('task:message', { taskId: 't1', message: say(2, 'Thinking about it.') }));
    await waitFor(() => expect(live).toBeEmptyDOMElement());
    expect(seqs()).toEqual([1, 2]);
  });

  it('applies live status and usage updates', async () => {
    let current = task();
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(current)),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json([])),
    );
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<TaskView taskId="t1" canAct />, { realtime });
    expect(await screen.findByText('Running')).toBeInTheDocument();
    current = task({ status: 'completed', tokensIn: 1234, tokensOut: 56, cost: 0.5 });
    act(() => {
      realtime.emit('task:usage', {
        taskId: 't1',
        tokensIn: 1234,
        tokensOut: 56,
        cacheReads: 0,
        cacheWrites: 0,
        cost: 0.5,
      });
      realtime.emit('task:status', { taskId: 't1', status: 'completed' });
    });
    const usage = screen.getByLabelText('Token usage and cost');
    await waitFor(() => expect(usage).toHaveTextContent('1,234'));
    expect(usage).toHaveTextContent('$0.50');
    expect(screen.getByText('Completed')).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Resume task' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel task' })).not.toBeInTheDocument();
  });
  it('a task read that was already in flight cannot undo a later status event', async () => {
    // The server answers the first reads slowly with the state at the time of the read
    // ("running"); by the time such an answer lands, the socket has said "completed".
    let current = task();
    let slow = true;
    server.use(
      http.get('/api/v1/tasks/t1', async () => {
        const snapshot = current;
        if (slow) await new Promise((r) => setTimeout(r, 150));
        return HttpResponse.json(snapshot);
      }),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json([])),
    );
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<TaskView taskId="t1" canAct />, { realtime });
    expect(await screen.findByText('Running')).toBeInTheDocument();
    // A refresh of the task starts (as after a resume) and reads "running"…
    act(() => realtime.setState('reconnecting'));
    act(() => realtime.setState('connected'));
    await new Promise((r) => setTimeout(r, 20));
    // …then the run completes: the row is committed, then the event is published.
    current = task({ status: 'completed' });
    slow = false;
    act(() => realtime.emit('task:status', { taskId: 't1', status: 'completed' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.getByText('Completed')).toBeInTheDocument();
    expect(screen.queryByText('Running')).not.toBeInTheDocument();
  });
});

describe('TaskView history', () => {
  it('shows the prompt once, approvals as verdicts, and tool calls collapsed', async () => {
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(task({ status: 'completed' }))),
      http.get('/api/v1/tasks/t1/messages', () =>
        HttpResponse.json([
          { ...say(1, 'Fix the bug'), meta: { role: 'user' } },
          {
            ...say(2, JSON.stringify({ tool: 'readFile', path: 'a.ts' }), 'tool'),
            meta: { toolResult: { id: 'c1', content: 'file body', isError: false } },
          },
          { ...say(3, '', 'user_feedback'), meta: { response: 'approve' } },
          say(4, 'Fixed.', 'completion_result'),
        ]),
      ),
    );
    renderWithProviders(<TaskView taskId="t1" canAct />);
    await waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4]));
    expect(screen.getAllByText('Fix the bug')).toHaveLength(2); // title + the prompt message, no extra "Prompt" box
    expect(screen.queryByText('Prompt')).not.toBeInTheDocument();
    expect(screen.getByText('Approved')).toBeInTheDocument();
    const tool = screen.getByText('Read file').closest('details');
    expect(tool).not.toHaveAttribute('open');
    expect(screen.getByText('Fixed.')).toBeInTheDocument();
  });
});
