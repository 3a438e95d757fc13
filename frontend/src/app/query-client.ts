import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/errors';

/** Never retry 401/403 (or other 4xx); retry network and 5xx errors twice. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status < 500 && error.status !== 429) return false;
  return failureCount < 2;
}

/**
 * The one QueryClient. `onUnauthorized` runs when any query or mutation still fails with 401 after the
 * client's refresh-and-retry: the session expired, so the app sends the user to sign-in.
 */
export function createQueryClient(onUnauthorized: () => void = () => {}): QueryClient {
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
