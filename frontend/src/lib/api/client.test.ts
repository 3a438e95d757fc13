import { delay, http, HttpResponse } from 'msw';
import { errorMessage, NetworkError } from '@/lib/errors';
import { authResponse, workspace } from '@/test/fixtures';
import { server } from '@/test/server';
import { request, setAuthFailureHandler } from './client';
import { getAccessToken, setAccessToken } from './token';

describe('API client auth', () => {
  it('refreshes once on 401 and retries with the new access token', async () => {
    setAccessToken('expired');
    const seen: Array<string | null> = [];
    let refreshes = 0;
    server.use(
      http.get('/api/v1/workspaces', ({ request: req }) => {
        const auth = req.headers.get('Authorization');
        seen.push(auth);
        return auth === 'Bearer renewed'
          ? HttpResponse.json([workspace])
          : HttpResponse.json(
              { statusCode: 401, error: 'Unauthorized', message: 'jwt expired' },
              { status: 401 },
            );
      }),
      http.post('/api/v1/auth/refresh', () => {
        refreshes += 1;
        return HttpResponse.json(authResponse('renewed'));
      }),
    );
    const failure = vi.fn();
    setAuthFailureHandler(failure);

    await expect(request('get', '/api/v1/workspaces')).resolves.toEqual([workspace]);
    expect(seen).toEqual(['Bearer expired', 'Bearer renewed']);
    expect(refreshes).toBe(1);
    expect(getAccessToken()).toBe('renewed');
    expect(failure).not.toHaveBeenCalled();
  });

  it('shares one refresh between concurrent 401s', async () => {
    setAccessToken('expired');
    let refreshes = 0;
    server.use(
      http.get('/api/v1/workspaces', ({ request: req }) =>
        req.headers.get('Authorization') === 'Bearer renewed'
          ? HttpResponse.json([workspace])
          : HttpResponse.json(
              { statusCode: 401, error: 'Unauthorized', message: 'expired' },
              { status: 401 },
            ),
      ),
      http.post('/api/v1/auth/refresh', async () => {
        refreshes += 1;
        await new Promise((r) => setTimeout(r, 20));
        return HttpResponse.json(authResponse('renewed'));
      }),
    );
    await Promise.all([
      request('get', '/api/v1/workspaces'),
      request('get', '/api/v1/workspaces'),
      request('get', '/api/v1/workspaces'),
    ]);
    expect(refreshes).toBe(1);
  });

  it('goes to sign-in when the refresh fails too, without retrying again', async () => {
    setAccessToken('expired');
    let calls = 0;
    server.use(
      http.get('/api/v1/workspaces', () => {
        calls += 1;
        return HttpResponse.json(
          { statusCode: 401, error: 'Unauthorized', message: 'expired' },
          { status: 401 },
        );
      }),
      http.post('/api/v1/auth/refresh', () =>
        HttpResponse.json(
          { statusCode: 401, error: 'Unauthorized', message: 'refresh token revoked' },
          { status: 401 },
        ),
      ),
    );
    const failure = vi.fn();
    setAuthFailureHandler(failure);
    await expect(request('get', '/api/v1/workspaces')).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(1);
    expect(failure).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBeNull();
  });

  it('does not try to refresh for a wrong password', async () => {
    let refreshes = 0;
    server.use(
      http.post('/api/v1/auth/login', () =>
        HttpResponse.json(
          { statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' },
          { status: 401 },
        ),
      ),
      http.post('/api/v1/auth/refresh', () => {
        refreshes += 1;
        return HttpResponse.json(authResponse());
      }),
    );
    await expect(
      request('post', '/api/v1/auth/login', { body: { email: 'a@b.co', password: 'x' }, noRefresh: true }),
    ).rejects.toThrow('Invalid credentials');
    expect(refreshes).toBe(0);
  });

  it('encodes path params and query strings', async () => {
    let url = '';
    server.use(
      http.get('/api/v1/workspaces/:ws/files', ({ request: req }) => {
        url = req.url;
        return HttpResponse.json({ items: [], folders: [] });
      }),
    );
    await request('get', '/api/v1/workspaces/{ws}/files', {
      params: { ws: 'w 1' },
      query: { prefix: 'src/a b/' },
    });
    expect(new URL(url).pathname).toBe('/api/v1/workspaces/w%201/files');
    expect(new URL(url).searchParams.get('prefix')).toBe('src/a b/');
  });
});

describe('API client without a network', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('refuses at once while the browser is offline, with a clear message, sending nothing', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    let reached = 0;
    server.use(
      http.post('/api/v1/workspaces', () => {
        reached += 1;
        return HttpResponse.json(workspace);
      }),
    );
    const started = Date.now();
    const err: unknown = await request('post', '/api/v1/workspaces', { body: { name: 'Offline' } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(errorMessage(err)).toBe('You are offline. Check your connection, then try again.');
    expect(Date.now() - started).toBeLessThan(500);
    expect(reached).toBe(0);
  });

  it('gives up on an answer that does not come, instead of stalling', async () => {
    server.use(http.get('/api/v1/workspaces', () => delay('infinite')));
    const err: unknown = await request('get', '/api/v1/workspaces', { timeoutMs: 50 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(errorMessage(err)).toMatch(/did not answer in time/);
  });
});
