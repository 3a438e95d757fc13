import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { say, task } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { MessageItem } from './message-list';
import { TaskFamily } from './task-family';
import { TodoEditor } from './todo-editor';

const withMeta = (m: ReturnType<typeof say>, meta: Record<string, unknown>) => ({ ...m, meta });

describe('subtasks, condensing and todo edits in the task view', () => {
  it('links a subtask back to its parent and a parent to its subtasks with their outcome', async () => {
    const messages = [
      withMeta(say(3, '{"tool":"newTask"}', 'tool'), {
        subtask: { taskId: 'c1', mode: 'architect' },
        toolCallId: 'n1',
      }),
      withMeta(say(4, 'PLAN', 'subtask_result'), {
        subtask: { taskId: 'c1', mode: 'architect', status: 'completed' },
      }),
      withMeta(say(6, '{"tool":"newTask"}', 'tool'), {
        subtask: { taskId: 'c2', mode: 'code' },
        toolCallId: 'n2',
      }),
    ];
    renderWithProviders(
      <TaskFamily
        task={task({
          id: 'p',
          workspaceId: 'w1',
          parentId: 'root',
          status: 'waiting_for_subtask',
          awaitingTaskId: 'c2',
        })}
        messages={messages}
      />,
    );
    expect(await screen.findByRole('link', { name: /Back to the parent task/ })).toHaveAttribute(
      'href',
      '/workspaces/w1/tasks/root',
    );
    expect(screen.getByRole('link', { name: /Subtask 1 \(architect\)/ })).toHaveAttribute(
      'href',
      '/workspaces/w1/tasks/c1',
    );
    expect(screen.getByRole('link', { name: /Subtask 2 \(code\)/ })).toHaveAttribute(
      'href',
      '/workspaces/w1/tasks/c2',
    );
    expect(screen.getByText(/completed/)).toBeInTheDocument();
    expect(screen.getByText(/this task waits for it/)).toBeInTheDocument();
  });

  it('shows a condense row with tokens before → after and its cost, the summary on demand', async () => {
    const m = withMeta(say(9, 'S', 'condense_context'), {
      contextCondense: {
        summary: 'Read big.txt twice.',
        prevContextTokens: 25_600,
        newContextTokens: 1_200,
        cost: 0.0123,
        condenseId: 'x',
      },
    });
    renderWithProviders(<MessageItem message={m} />);
    const summary = await screen.findByText(/Context condensed/);
    expect(summary).toHaveTextContent(/25,600 → 1,200 tokens/);
    expect(summary).toHaveTextContent(/\$0\.01/);
    expect(screen.getByText('Read big.txt twice.')).toBeInTheDocument();
  });

  it('edits the todo list as a Markdown checklist (PUT /tasks/:id/todos)', async () => {
    let body: unknown;
    server.use(
      http.put('/api/v1/tasks/t1/todos', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(task({ id: 't1' }));
      }),
    );
    renderWithProviders(
      <TodoEditor
        taskId="t1"
        todos={[
          { content: 'read', status: 'completed' },
          { content: 'edit', status: 'in_progress' },
        ]}
      />,
    );
    const u = userEvent.setup();
    await u.click(await screen.findByRole('button', { name: 'Edit todo list' }));
    const box = screen.getByRole('textbox');
    expect(box).toHaveValue('[x] read\n[-] edit');
    await u.type(box, '\n[[ ] test');
    await u.click(screen.getByRole('button', { name: 'Save todo list' }));
    await waitFor(() => expect(body).toEqual({ todos: '[x] read\n[-] edit\n[ ] test' }));
    expect(await screen.findByRole('button', { name: 'Edit todo list' })).toBeInTheDocument();
  });
});
