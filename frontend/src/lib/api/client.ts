import { ApiError, NetworkError, type ApiErrorBody } from '@/lib/errors';
import type { paths, SignedInView } from './generated/openapi';
import { getAccessToken, setAccessToken } from './token';

/*
 * The REST client, typed by the backend's OpenAPI document (./generated/openapi.ts, `npm run gen:api`):
 * `request('get', '/api/v1/tasks/{id}', { params: { id } })` only compiles for a path and method the
 * backend has, with its path parameters, query, JSON body and answer.
 */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
/** The API paths that have an operation for `M`. */
export type PathsFor<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends Record<M, object> ? P : never;
}[keyof paths];
/** The operation behind `M P`. */
export type Operation<M extends HttpMethod, P extends PathsFor<M>> = paths[P][M];

type PathParamsOf<O> = O extends { parameters: { path: infer X } } ? X : undefined;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? Q : undefined;
type SuccessOf<O> = O extends { responses: infer R }
  ? [Extract<keyof R, 200 | 201 | 202>] extends [never]
    ? undefined
    : R[Extract<keyof R, 200 | 201 | 202>]
  : undefined;
/** The JSON an operation answers with (undefined for 204 or a non-JSON answer). */
export type ResponseOf<O> = SuccessOf<O> extends { content: { 'application/json': infer T } } ? T : undefined;
/** The JSON answer of `M P`. */
export type ApiResponse<M extends HttpMethod, P extends PathsFor<M>> = ResponseOf<Operation<M, P>>;

type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

interface CommonOptions {
  /** Send this body as-is (Blob, File, ArrayBuffer, string) instead of JSON. */
  rawBody?: BodyInit;
  contentType?: string;
  /** Do not try refresh-and-retry on 401 (auth endpoints themselves). */
  noRefresh?: boolean;
  signal?: AbortSignal;
  /** How long to wait for the answer's headers; raw-body uploads get longer by default. */
  timeoutMs?: number;
}

type QueryPart<Q> = [Q] extends [never] | [undefined]
  ? { query?: undefined }
  : Record<string, never> extends Q
    ? { query?: Q }
    : { query: Q };
type BodyPart<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : { body?: undefined };

/** What one call takes: the operation's path params, query and JSON body, as the backend declares them. */
export type RequestOptions<O> = CommonOptions &
  (PathParamsOf<O> extends undefined ? { params?: undefined } : { params: PathParamsOf<O> }) &
  QueryPart<QueryOf<O>> &
  BodyPart<O>;
/** The options argument: optional when the operation needs nothing. */
type OptionsArg<O> =
  Record<string, never> extends RequestOptions<O> ? [opts?: RequestOptions<O>] : [opts: RequestOptions<O>];
type RawRequestOptions = CommonOptions & { params?: object; query?: object; body?: unknown };

/** Deadline for an answer's headers (the body of a download may take longer). */
export const REQUEST_TIMEOUT_MS = 20_000;
const UPLOAD_TIMEOUT_MS = 5 * 60_000;

function browserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/**
 * fetch that fails fast instead of stalling: refused at once while the browser knows it is offline
 * (navigator.onLine), and aborted when no answer arrives within `timeoutMs`. Only the wait for headers
 * is timed, so a slow download's body is not cut off. Both end in a NetworkError with a clear message.
 */
export async function fetchWithDeadline(
  url: string,
  init: RequestInit,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
): Promise<Response> {
  if (browserOffline()) throw new NetworkError('offline');
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new NetworkError('timeout')), timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
  try {
    return await fetch(url, { ...init, signal });
  } catch (err) {
    if (deadline.signal.aborted) throw new NetworkError('timeout');
    if (browserOffline()) throw new NetworkError('offline');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

let onAuthFailure: () => void = () => {};

/** The app installs this: called once refresh fails after a 401, so the user goes to sign-in. */
export function setAuthFailureHandler(fn: () => void): void {
  onAuthFailure = fn;
}

/** Fills an OpenAPI path template (`/api/v1/tasks/{id}`) with its params and appends the query. */
export function buildUrl(template: string, params: object = {}, query?: object): string {
  const values = params as Record<string, string | number | undefined>;
  const path = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Missing path param ${key} for ${template}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries((query ?? {}) as Query)) {
    // Arrays travel comma-separated (the API's `status=running,queued`).
    const text = Array.isArray(v) ? v.join(',') : v;
    if (text !== undefined && text !== null && text !== '') search.set(k, String(text));
  }
  const qs = search.toString();
  return `${path}${qs ? `?${qs}` : ''}`;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await res.json()) as Partial<ApiErrorBody>;
  } catch {
    body = null;
  }
  const retryAfter = Number(res.headers.get('Retry-After')) || undefined;
  return new ApiError(res.status, body, retryAfter);
}

let refreshing: Promise<SignedInView | null> | null = null;

async function doRefresh(): Promise<SignedInView | null> {
  const res = await fetchWithDeadline(buildUrl('/api/v1/auth/refresh'), {
    method: 'POST',
    credentials: 'include',
    headers: { Accept: 'application/json' },
  });
  if (res.status === 400 || res.status === 401 || res.status === 403) {
    setAccessToken(null);
    return null;
  }
  if (!res.ok) throw await toApiError(res);
  const data = (await res.json()) as SignedInView;
  setAccessToken(data.accessToken);
  return data;
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request; across
 * tabs the Web Locks API serialises refreshes so two tabs never present the same (rotating) cookie.
 * Resolves null when there is no valid session.
 */
export function refreshSession(): Promise<SignedInView | null> {
  if (!refreshing) {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const run = locks ? locks.request('roo-refresh', () => doRefresh()) : doRefresh();
    refreshing = run.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function send(method: HttpMethod, path: string, opts: RawRequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getAccessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  return fetchWithDeadline(
    buildUrl(path, opts.params, opts.query),
    {
      method: method.toUpperCase(),
      headers,
      body,
      credentials: 'include',
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
    opts.timeoutMs ?? (opts.rawBody === undefined ? REQUEST_TIMEOUT_MS : UPLOAD_TIMEOUT_MS),
  );
}

/** One request; on 401 it refreshes once and retries, and if that fails too it hands over to sign-in. */
async function sendWithRefresh(method: HttpMethod, path: string, opts: RawRequestOptions): Promise<Response> {
  let res = await send(method, path, opts);
  if (res.status === 401 && !opts.noRefresh) {
    const session = await refreshSession().catch(() => null);
    if (session) {
      res = await send(method, path, opts);
    }
    if (res.status === 401) {
      setAccessToken(null);
      onAuthFailure();
    }
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

/** Like `request`, answering the Response itself (downloads, headers). */
export function requestResponse<M extends HttpMethod, P extends PathsFor<M>>(
  method: M,
  path: P,
  ...[opts]: OptionsArg<Operation<M, P>>
): Promise<Response> {
  return sendWithRefresh(method, path, (opts ?? {}) as RawRequestOptions);
}

/** One typed API call, parsing the JSON answer (undefined for 204). */
export async function request<M extends HttpMethod, P extends PathsFor<M>>(
  method: M,
  path: P,
  ...[opts]: OptionsArg<Operation<M, P>>
): Promise<ApiResponse<M, P>> {
  const res = await sendWithRefresh(method, path, (opts ?? {}) as RawRequestOptions);
  if (res.status === 204) return undefined as ApiResponse<M, P>;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as ApiResponse<M, P>;
}
