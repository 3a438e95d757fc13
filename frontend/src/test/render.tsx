import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { RealtimeProvider } from '@/lib/realtime-context';
import { FakeRealtime } from './fake-realtime';

export function createTestQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
}

interface Options {
  path?: string;
  realtime?: FakeRealtime;
  queryClient?: QueryClient;
}

/** Renders `ui` inside the app's providers and a minimal router (so Link & co. work). */
export function renderWithProviders(
  ui: ReactNode,
  { path = '/', realtime = new FakeRealtime(), queryClient = createTestQueryClient() }: Options = {},
) {
  const rootRoute = createRootRoute({ component: () => ui });
  const router = createRouter({
    routeTree: rootRoute,
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider client={realtime}>
        <RouterProvider router={router as never} />
      </RealtimeProvider>
    </QueryClientProvider>,
  );
  return { ...result, realtime, queryClient, router };
}
