import { onlineManager, QueryObserver } from '@tanstack/react-query';
import { ApiError, NetworkError } from '@/lib/errors';
import { createQueryClient, shouldRetry, spreadRefetchOnReconnect } from './query-client';

describe('query client policy', () => {
  it('never retries 401, 403 or other client errors', () => {
    expect(shouldRetry(0, new ApiError(401, null))).toBe(false);
    expect(shouldRetry(0, new ApiError(403, null))).toBe(false);
    expect(shouldRetry(0, new ApiError(404, null))).toBe(false);
  });

  it('retries server and network errors twice', () => {
    expect(shouldRetry(0, new ApiError(503, null))).toBe(true);
    expect(shouldRetry(1, new TypeError('fetch failed'))).toBe(true);
    expect(shouldRetry(2, new TypeError('fetch failed'))).toBe(false);
  });

  it('sends an expired session (401 after refresh) to sign-in', async () => {
    const onUnauthorized = vi.fn();
    const qc = createQueryClient(onUnauthorized);
    await qc
      .fetchQuery({
        queryKey: ['x'],
        queryFn: () => Promise.reject(new ApiError(401, { message: 'expired' })),
        retry: false,
      })
      .catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });
});

describe('after a reconnect', () => {
  afterEach(() => {
    vi.useRealTimers();
    onlineManager.setOnline(true);
  });

  it('requests fail at once while offline instead of pausing (mutations and queries)', async () => {
    const qc = createQueryClient();
    onlineManager.setOnline(false);
    const mutationFn = vi.fn(() => Promise.reject(new NetworkError('offline')));
    const mutation = qc.getMutationCache().build(qc, { mutationFn });
    await expect(mutation.execute(undefined)).rejects.toThrow('You are offline');
    expect(mutationFn).toHaveBeenCalledTimes(1);
    const queryFn = vi.fn(() => Promise.reject(new NetworkError('offline')));
    await expect(qc.fetchQuery({ queryKey: ['offline'], queryFn })).rejects.toThrow('You are offline');
    expect(queryFn).toHaveBeenCalledTimes(1); // not retried
  });

  it('spreads the refetches of the queries on screen over a few seconds instead of a burst', async () => {
    vi.useFakeTimers();
    const qc = createQueryClient();
    const stop = spreadRefetchOnReconnect(qc, { spreadMs: 4000, random: () => 0.5 });
    const calls: number[] = [];
    const observers = Array.from({ length: 8 }, (_, i) => {
      const observer = new QueryObserver(qc, {
        queryKey: ['q', i],
        queryFn: () => {
          calls.push(Date.now());
          return Promise.resolve(i);
        },
        staleTime: 0,
      });
      return observer.subscribe(() => undefined);
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(8); // the first loads
    calls.length = 0;

    onlineManager.setOnline(false);
    onlineManager.setOnline(true);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.length).toBeLessThanOrEqual(1); // no burst
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls).toHaveLength(8); // every query on screen refetched once
    const gaps = calls.slice(1).map((t, i) => t - (calls[i] ?? t));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(400);
    stop();
    for (const off of observers) off();
  });
});
