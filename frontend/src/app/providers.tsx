import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useState } from 'react';
import { authKeys } from '@/features/auth/api';
import { setAuthFailureHandler } from '@/lib/api/client';
import { RealtimeProvider } from '@/lib/realtime-context';
import { createSocketRealtime } from '@/lib/socket';
import { reloadOnStaleChunks } from './chunk-reload';
import { AppErrorBoundary } from './error-boundary';
import { createQueryClient, spreadRefetchOnReconnect } from './query-client';
import { createAppRouter } from './router';

function createApp() {
  reloadOnStaleChunks();
  let router: ReturnType<typeof createAppRouter> | null = null;
  const goToSignIn = () => {
    if (!router) return;
    const here = router.state.location;
    if (here.pathname === '/sign-in' || here.pathname.startsWith('/shared/')) return;
    queryClient.setQueryData(authKeys.session, null);
    void router.navigate({ to: '/sign-in', search: { redirect: here.href } });
  };
  const queryClient = createQueryClient(goToSignIn);
  spreadRefetchOnReconnect(queryClient);
  router = createAppRouter(queryClient);
  setAuthFailureHandler(goToSignIn);
  return { queryClient, router, realtime: createSocketRealtime() };
}

/** Every provider of the app, in one place; main.tsx only mounts this. */
export function AppProviders() {
  const [{ queryClient, router, realtime }] = useState(createApp);
  return (
    <AppErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <RealtimeProvider client={realtime}>
          <RouterProvider router={router} />
        </RealtimeProvider>
      </QueryClientProvider>
    </AppErrorBoundary>
  );
}
