import { ApiError } from '@/lib/errors';
import { createQueryClient, shouldRetry } from './query-client';

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
