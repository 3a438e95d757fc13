import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { RealtimeProvider } from '@/lib/realtime-context';
import { FakeRealtime } from '@/test/fake-realtime';
import { authResponse, workspace } from '@/test/fixtures';
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

describe('app routing and the session boundary', () => {
  beforeEach(() => setViewportWidth(1280));

  it('without a valid refresh cookie, a protected page goes to sign-in and remembers where it was', async () => {
    server.use(noSession);
    const router = renderApp('/workspaces');
    expect(await screen.findByRole('heading', { name: 'Sign in to Roo Server' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toEqual({ redirect: '/workspaces' });
  });

  it('with a session from the refresh cookie, the page loads (code-split) with the user in the nav', async () => {
    server.use(http.get('/api/v1/workspaces', () => HttpResponse.json([workspace])));
    renderApp('/workspaces');
    expect(await screen.findByRole('link', { name: 'Demo' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toHaveTextContent('Ada');
    expect(screen.getByRole('main')).toBeInTheDocument();
  });

  it('signing in returns to the remembered page', async () => {
    server.use(
      noSession,
      http.post('/api/v1/auth/login', () => HttpResponse.json(authResponse('t1'))),
      http.get('/api/v1/workspaces', () => HttpResponse.json([workspace])),
    );
    const router = renderApp('/sign-in?redirect=%2Fworkspaces');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('link', { name: 'Demo' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/workspaces');
  });

  it('refuses to redirect off-site after sign-in', async () => {
    server.use(
      noSession,
      http.post('/api/v1/auth/login', () => HttpResponse.json(authResponse('t1'))),
      http.get('/api/v1/workspaces', () => HttpResponse.json([])),
    );
    const router = renderApp('/sign-in?redirect=%2F%2Fevil.example');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/workspaces'));
  });
});
