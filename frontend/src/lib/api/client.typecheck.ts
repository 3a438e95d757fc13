import { request, requestResponse } from './client';

export async function probe() {
  const t = await request('get', '/api/v1/tasks/{id}', { params: { id: 'x' } });
  const s: string = t.status;
  const page = await request('get', '/api/v1/workspaces/{ws}/tasks', {
    params: { ws: 'w' },
    query: { limit: 5 },
  });
  const n: string | null = page.nextCursor;
  await request('post', '/api/v1/workspaces/{ws}/tasks', {
    params: { ws: 'w' },
    body: { prompt: 'p', mode: 'code', providerId: 'x' },
  });
  const none: undefined = await request('delete', '/api/v1/tasks/{id}', { params: { id: 'x' } });
  const ws = await request('get', '/api/v1/workspaces');
  const r = await requestResponse('get', '/api/v1/workspaces/{ws}/files/content', {
    params: { ws: 'w' },
    query: { path: 'a' },
  });
  // @ts-expect-error unknown path
  await request('get', '/api/v1/nope');
  // @ts-expect-error missing params
  await request('get', '/api/v1/tasks/{id}');
  // @ts-expect-error missing body
  await request('post', '/api/v1/workspaces/{ws}/tasks', { params: { ws: 'w' } });
  // @ts-expect-error missing required query
  await requestResponse('get', '/api/v1/workspaces/{ws}/files/content', { params: { ws: 'w' } });
  await request('put', '/api/v1/workspaces/{ws}/files/content', {
    params: { ws: 'w' },
    query: { path: 'a' },
    rawBody: 'x',
  });
  return [s, n, none, ws, r];
}
