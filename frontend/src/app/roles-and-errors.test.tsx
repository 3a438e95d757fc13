import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { ErrorState } from '@/components/states';
import { ApiError } from '@/lib/errors';
import { RealtimeProvider } from '@/lib/realtime-context';
import { FakeRealtime } from '@/test/fake-realtime';
import { workspace } from '@/test/fixtures';
import { server } from '@/test/server';
import { setViewportWidth } from '@/test/setup';
import { createQueryClient } from './query-client';
import { createAppRouter } from './router';

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

const noSession = http.post('/api/v1/auth/refresh', () =>
  HttpResponse.json({ statusCode: 401, error: 'Unauthorized', message: 'no session' }, { status: 401 }),
);
const viewerWorkspace = http.get('/api/v1/workspaces/w1', () =>
  HttpResponse.json({ ...workspace, role: 'viewer' }),
);

describe('roles and errors', () => {
  beforeEach(() => setViewportWidth(1280));

  it('a viewer opening the new-task address gets an explanation, not a form', async () => {
    server.use(
      viewerWorkspace,
      http.get('/api/v1/workspaces/w1/modes', () => HttpResponse.json([])),
      http.get('/api/v1/workspaces/w1/providers', () => HttpResponse.json([])),
    );
    renderApp('/workspaces/w1/tasks/new');
    expect(await screen.findByText(/Viewers can follow tasks but cannot start them/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start task' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('What should the agent do?')).not.toBeInTheDocument();
  });

  it('the task list tells a viewer why there is no New task button', async () => {
    server.use(
      viewerWorkspace,
      http.get('/api/v1/workspaces/w1/tasks', () => HttpResponse.json({ items: [], nextCursor: null })),
    );
    renderApp('/workspaces/w1/tasks');
    expect(await screen.findByText(/Viewers can follow tasks but cannot start them/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New task' })).not.toBeInTheDocument();
  });

  it('read-only settings say why they are disabled (aria-describedby)', async () => {
    server.use(
      http.get('/api/v1/workspaces/w1', () => HttpResponse.json({ ...workspace, role: 'member' })),
      http.get(/\/api\/v1\/workspaces\/w1\/.*/, () => HttpResponse.json(null)),
    );
    renderApp('/workspaces/w1/settings');
    const name = await screen.findByLabelText('Name');
    expect(name).toBeDisabled();
    const fieldset = name.closest('fieldset');
    expect(fieldset).toHaveAccessibleDescription(/Only admins and owners can change/);
  });

  it('a not-found answer offers no pointless retry; a server error does', () => {
    const { unmount } = render(
      <ErrorState error={new ApiError(404, { message: 'Workspace not found' })} onRetry={() => {}} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Workspace not found');
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    unmount();
    render(<ErrorState error={new ApiError(503, null)} onRetry={() => {}} />);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('an unknown workspace shows its error with a way back, no Try again', async () => {
    server.use(
      http.get('/api/v1/workspaces/nope', () =>
        HttpResponse.json(
          { statusCode: 404, error: 'Not Found', message: 'workspace not found' },
          { status: 404 },
        ),
      ),
    );
    renderApp('/workspaces/nope/tasks');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('workspace not found');
    expect(within(alert).getByRole('link', { name: 'Go to your workspaces' })).toBeInTheDocument();
    expect(within(alert).queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('the 404 page has the top bar and sends a signed-out visitor to sign-in', async () => {
    server.use(noSession);
    renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('banner')).toHaveTextContent('Roo Server');
    expect(await screen.findByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
    expect(screen.queryByRole('link', { name: 'Go to your workspaces' })).not.toBeInTheDocument();
  });

  it('the 404 page sends a signed-in user to their workspaces', async () => {
    renderApp('/no/such/page');
    expect(await screen.findByRole('link', { name: 'Go to your workspaces' })).toBeInTheDocument();
    expect(screen.getAllByRole('main')).toHaveLength(1);
  });

  it('an unknown page inside a workspace keeps one app frame', async () => {
    server.use(http.get('/api/v1/workspaces/w1', () => HttpResponse.json(workspace)));
    renderApp('/workspaces/w1/nonsense');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getAllByRole('main')).toHaveLength(1);
    expect(screen.getAllByRole('banner')).toHaveLength(1);
  });
});
