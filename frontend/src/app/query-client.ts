import { MutationCache, onlineManager, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, isNetworkError } from '@/lib/errors';

/** Never retry 401/403 (or other 4xx) or an offline refusal; retry network and 5xx errors twice. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status < 500 && error.status !== 429) return false;
  if (isNetworkError(error) && error.reason === 'offline') return false;
  return failureCount < 2;
}

/**
 * The one QueryClient. `onUnauthorized` runs when any query or mutation still fails with 401 after the
 * client's refresh-and-retry: the session expired, so the app sends the user to sign-in.
 *
 * networkMode 'always': requests run even when the browser says it is offline, so the API client's
 * fast offline error reaches the screen (TanStack's default pauses them, which looks like a button
 * stuck on "Saving…"). Reconnect refetches are not TanStack's all-at-once burst but spread out by
 * spreadRefetchOnReconnect.
 */
export function createQueryClient(onUnauthorized: () => void = () => {}): QueryClient {
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        refetchOnReconnect: false,
        networkMode: 'always',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

/** Over how long the refetches after a reconnect are spread (nginx rate-limits bursts with 429). */
export const RECONNECT_SPREAD_MS = 4_000;

/**
 * When the browser comes back online, refetches the queries on screen that are stale or failed, one
 * by one over `spreadMs` with jitter, instead of all in the same instant. Returns the unsubscribe.
 */
export function spreadRefetchOnReconnect(
  qc: QueryClient,
  { spreadMs = RECONNECT_SPREAD_MS, random = Math.random }: { spreadMs?: number; random?: () => number } = {},
): () => void {
  let timers: Array<ReturnType<typeof setTimeout>> = [];
  const clear = () => {
    for (const t of timers) clearTimeout(t);
    timers = [];
  };
  const unsubscribe = onlineManager.subscribe((online) => {
    clear();
    if (!online) return;
    const due = qc
      .getQueryCache()
      .findAll({ type: 'active' })
      .filter((q) => q.isStale() || q.state.status === 'error');
    const slot = spreadMs / Math.max(due.length, 1);
    due.forEach((q, i) => {
      const delay = Math.round(i * slot + random() * slot);
      timers.push(
        setTimeout(() => {
          void qc.refetchQueries({ queryKey: q.queryKey, exact: true, type: 'active' });
        }, delay),
      );
    });
  });
  return () => {
    unsubscribe();
    clear();
  };
}
