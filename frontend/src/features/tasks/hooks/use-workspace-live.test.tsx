import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { act, render, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createQueryClient } from '@/app/query-client';
import { createAppRouter } from '@/app/router';
import type { WorkspaceTaskSummary } from '@/lib/api/generated/realtime';
import { RealtimeProvider } from '@/lib/realtime-context';
import { FakeRealtime } from '@/test/fake-realtime';
import { task, workspace } from '@/test/fixtures';
import { server } from '@/test/server';
import { setViewportWidth } from '@/test/setup';

function renderApp(path: string, realtime: FakeRealtime) {
  const queryClient = createQueryClient();
  const router = createAppRouter(queryClient, createMemoryHistory({ initialEntries: [path] }));
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider client={realtime}>
        <RouterProvider router={router} />
      </RealtimeProvider>
    </QueryClientProvider>,
  );
  return { ...view, router, queryClient };
}

const summary = (over: Partial<WorkspaceTaskSummary>): WorkspaceTaskSummary => ({
  id: 't9',
  workspaceId: 'w1',
  parentId: null,
  title: 'Started on the phone',
  status: 'queued',
  mode: 'code',
  createdBy: 'u1',
  createdAt: '2026-02-01T10:00:00.000Z',
  updatedAt: '2026-02-01T10:00:00.000Z',
  cost: 0,
  waiting: false,
  ...over,
});

describe('live workspace task list', () => {
  let listRequests = 0;
  beforeEach(() => {
    setViewportWidth(1280);
    listRequests = 0;
    server.use(
      http.get('/api/v1/workspaces/w1', () => HttpResponse.json(workspace)),
      http.get('/api/v1/workspaces/w1/tasks', ({ request }) => {
        listRequests++;
        const status = new URL(request.url).searchParams.get('status');
        const items = [task({ id: 't1', title: 'Refactor the parser', status: 'running' })];
        return HttpResponse.json({
          items: items.filter((t) => !status || t.status === status),
          nextCursor: null,
        });
      }),
    );
  });

  it('a task started on another device appears without a reload, and its status and the waiting count follow', async () => {
    const realtime = new FakeRealtime();
    renderApp('/workspaces/w1/tasks', realtime);
    expect(await screen.findByRole('link', { name: 'Refactor the parser' })).toBeInTheDocument();
    expect(realtime.workspaces.has('w1')).toBe(true);
    const fetched = listRequests;

    act(() => realtime.emit('workspace:task', { workspaceId: 'w1', task: summary({}) }));
    const added = await screen.findByRole('link', { name: 'Started on the phone' });
    expect(added).toHaveAttribute('href', '/workspaces/w1/tasks/t9');
    // Newest first, like the server's order.
    const links = screen.getAllByRole('link').filter((a) => a.getAttribute('href')?.includes('/tasks/t'));
    expect(links.map((a) => a.textContent)).toEqual(['Started on the phone', 'Refactor the parser']);

    act(() =>
      realtime.emit('workspace:task', {
        workspaceId: 'w1',
        task: summary({ status: 'waiting_for_input', waiting: true, updatedAt: '2026-02-01T10:01:00.000Z' }),
      }),
    );
    const row = added.closest('li') as HTMLElement;
    expect(await within(row).findByText(/waiting for/i)).toBeInTheDocument();
    expect(document.title).toMatch(/^\(1\) /);
    // An older event arriving late changes nothing.
    act(() =>
      realtime.emit('workspace:task', {
        workspaceId: 'w1',
        task: summary({ status: 'running', updatedAt: '2026-02-01T10:00:30.000Z' }),
      }),
    );
    expect(within(row).getByText(/waiting for/i)).toBeInTheDocument();
    // Another workspace's event is not this list's business.
    act(() =>
      realtime.emit('workspace:task', {
        workspaceId: 'w2',
        task: summary({ id: 'x', workspaceId: 'w2', title: 'Elsewhere' }),
      }),
    );
    act(() =>
      realtime.emit('workspace:task', {
        workspaceId: 'w1',
        task: summary({ status: 'completed', updatedAt: '2026-02-01T10:02:00.000Z' }),
      }),
    );
    expect(await within(row).findByText('Completed')).toBeInTheDocument();
    expect(document.title).not.toMatch(/^\(\d/);
    expect(screen.queryByText('Elsewhere')).not.toBeInTheDocument();
    // All from the socket: the list was not fetched again.
    expect(listRequests).toBe(fetched);
  });

  it('a filtered list drops a task that leaves its status and gains one that enters it', async () => {
    const realtime = new FakeRealtime();
    renderApp('/workspaces/w1/tasks?status=running', realtime);
    expect(await screen.findByRole('link', { name: 'Refactor the parser' })).toBeInTheDocument();
    act(() =>
      realtime.emit('workspace:task', {
        workspaceId: 'w1',
        task: summary({
          id: 't1',
          title: 'Refactor the parser',
          status: 'completed',
          updatedAt: '2027-01-01T00:00:00.000Z',
        }),
      }),
    );
    act(() => realtime.emit('workspace:task', { workspaceId: 'w1', task: summary({ status: 'running' }) }));
    expect(await screen.findByRole('link', { name: 'Started on the phone' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Refactor the parser' })).not.toBeInTheDocument();
  });

  it('follows the workspace again after a reconnect and refetches what it missed; stops on leaving', async () => {
    const realtime = new FakeRealtime();
    const { unmount } = renderApp('/workspaces/w1/tasks', realtime);
    expect(await screen.findByRole('link', { name: 'Refactor the parser' })).toBeInTheDocument();
    const before = listRequests;
    act(() => realtime.setState('reconnecting'));
    act(() => realtime.setState('connected'));
    expect(realtime.workspaceSubscribes).toEqual(['w1', 'w1']);
    await vi.waitFor(() => expect(listRequests).toBeGreaterThan(before));
    unmount();
    expect(realtime.workspaces.has('w1')).toBe(false);
  });
});
