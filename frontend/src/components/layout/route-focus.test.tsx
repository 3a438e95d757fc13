import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { createQueryClient } from '@/app/query-client';
import { createAppRouter } from '@/app/router';
import { RealtimeProvider } from '@/lib/realtime-context';
import { FakeRealtime } from '@/test/fake-realtime';
import { task, workspace } from '@/test/fixtures';
import { server } from '@/test/server';
import { setViewportWidth } from '@/test/setup';

function renderApp(path: string) {
  const queryClient = createQueryClient();
  const router = createAppRouter(queryClient, createMemoryHistory({ initialEntries: [path] }));
  render(
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider client={new FakeRealtime()}>
        <RouterProvider router={router} />
      </RealtimeProvider>
    </QueryClientProvider>,
  );
  return router;
}

describe('route changes move focus and announce', () => {
  beforeEach(() => {
    setViewportWidth(1280);
    document.title = 'Roo Server';
    server.use(
      http.get('/api/v1/workspaces', () => HttpResponse.json([workspace])),
      http.get('/api/v1/workspaces/w1', () => HttpResponse.json(workspace)),
      http.get('/api/v1/workspaces/w1/tasks', () =>
        HttpResponse.json({ items: [task({ title: 'Fix the bug' })], nextCursor: null }),
      ),
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(task({ title: 'Fix the bug' }))),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json([])),
    );
  });

  it('the first load keeps focus where it is; a navigation focuses the new page heading and announces it', async () => {
    renderApp('/workspaces');
    const demo = await screen.findByRole('link', { name: 'Demo' });
    await waitFor(() => expect(document.title).toBe('Workspaces · Roo Server'));
    expect(document.body).toHaveFocus();

    const user = userEvent.setup();
    await user.click(demo);
    const tasksHeading = await screen.findByRole('heading', { name: 'Tasks' });
    // The workspace name (h1) stays across tabs: the tab's own heading is the one that names the page.
    await waitFor(() => expect(tasksHeading).toHaveFocus());
    expect(screen.getByText('Tasks, page loaded')).toHaveAttribute('role', 'status');
    expect(document.title).toBe('Tasks · Roo Server');

    // A page whose heading appears only after its data loads gets focus once it is there.
    await user.click(await screen.findByRole('link', { name: 'Fix the bug' }));
    const taskHeading = await screen.findByRole('heading', { name: 'Fix the bug', level: 2 });
    await waitFor(() => expect(taskHeading).toHaveFocus());
    expect(await screen.findByText('Fix the bug, page loaded')).toBeInTheDocument();
  });
});
