import { ApiError, NetworkError, type ApiErrorBody } from '@/lib/errors';
import { API_PATHS, API_PREFIX, type ApiPathName } from './paths';
import { getAccessToken, setAccessToken } from './token';
import type { AuthResponse } from './types';

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  params?: Record<string, string>;
  query?: Query;
  body?: unknown;
  /** Send this body as-is (Blob, File, ArrayBuffer, string) instead of JSON. */
  rawBody?: BodyInit;
  contentType?: string;
  /** Do not try refresh-and-retry on 401 (auth endpoints themselves). */
  noRefresh?: boolean;
  signal?: AbortSignal;
  /** How long to wait for the answer's headers; raw-body uploads get longer by default. */
  timeoutMs?: number;
}

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

/** Builds `/api/v1/...` from a named path, its params and query. */
export function buildUrl(name: ApiPathName, params: Record<string, string> = {}, query?: Query): string {
  const template: string = API_PATHS[name].path;
  const path = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`Missing path param ${key} for ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  }
  const qs = search.toString();
  return `${API_PREFIX}${path}${qs ? `?${qs}` : ''}`;
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

let refreshing: Promise<AuthResponse | null> | null = null;

async function doRefresh(): Promise<AuthResponse | null> {
  const res = await fetchWithDeadline(buildUrl('refresh'), {
    method: 'POST',
    credentials: 'include',
    headers: { Accept: 'application/json' },
  });
  if (res.status === 400 || res.status === 401 || res.status === 403) {
    setAccessToken(null);
    return null;
  }
  if (!res.ok) throw await toApiError(res);
  const data = (await res.json()) as AuthResponse;
  setAccessToken(data.accessToken);
  return data;
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request; across
 * tabs the Web Locks API serialises refreshes so two tabs never present the same (rotating) cookie.
 * Resolves null when there is no valid session.
 */
export function refreshSession(): Promise<AuthResponse | null> {
  if (!refreshing) {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const run = locks ? locks.request('roo-refresh', () => doRefresh()) : doRefresh();
    refreshing = run.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function send(name: ApiPathName, opts: RequestOptions): Promise<Response> {
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
    buildUrl(name, opts.params, opts.query),
    {
      method: API_PATHS[name].method.toUpperCase(),
      headers,
      body,
      credentials: 'include',
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
    opts.timeoutMs ?? (opts.rawBody === undefined ? REQUEST_TIMEOUT_MS : UPLOAD_TIMEOUT_MS),
  );
}

/** One request; on 401 it refreshes once and retries, and if that fails too it hands over to sign-in. */
export async function requestResponse(name: ApiPathName, opts: RequestOptions = {}): Promise<Response> {
  let res = await send(name, opts);
  if (res.status === 401 && !opts.noRefresh) {
    const session = await refreshSession().catch(() => null);
    if (session) {
      res = await send(name, opts);
    }
    if (res.status === 401) {
      setAccessToken(null);
      onAuthFailure();
    }
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

/** Like requestResponse, parsing the JSON answer (undefined for 204). */
export async function request<T>(name: ApiPathName, opts: RequestOptions = {}): Promise<T> {
  const res = await requestResponse(name, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
