/** The one error shape of the API (docs/api.md): `{ statusCode, error, message, requestId }`. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly requestId: string | undefined;
  readonly messages: string[];
  readonly retryAfter: number | undefined;

  constructor(status: number, body: Partial<ApiErrorBody> | null, retryAfter?: number) {
    const messages =
      body?.message === undefined ? [] : Array.isArray(body.message) ? body.message : [body.message];
    super(messages.join('; ') || body?.error || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.requestId = body?.requestId;
    this.messages = messages;
    this.retryAfter = retryAfter;
  }
}

/**
 * A request that never reached an answer: the browser is offline (refused at once, instead of waiting
 * on a dead network), or the server did not answer within the deadline.
 */
export class NetworkError extends Error {
  readonly reason: 'offline' | 'timeout';

  constructor(reason: 'offline' | 'timeout') {
    super(
      reason === 'offline'
        ? 'You are offline. Check your connection, then try again.'
        : 'The server did not answer in time. Check your connection, then try again.',
    );
    this.name = 'NetworkError';
    this.reason = reason;
  }
}

export function isNetworkError(err: unknown): err is NetworkError {
  return err instanceof NetworkError;
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

export function isAuthError(err: unknown): boolean {
  return isApiError(err) && err.status === 401;
}

/** Maps any error to one human sentence; every screen shows errors through this. */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) {
    if (err.status === 429) {
      return err.retryAfter
        ? `Too many attempts. Try again in ${err.retryAfter} s.`
        : 'Too many attempts. Try again shortly.';
    }
    if (err.status === 403) return err.messages[0] ?? 'You do not have permission to do that.';
    if (err.status === 404) return err.messages[0] ?? 'Not found.';
    if (err.status >= 500)
      return `The server had a problem. ${err.requestId ? `(request ${err.requestId})` : ''}`.trim();
    return err.message;
  }
  if (isNetworkError(err)) return err.message;
  if (err instanceof TypeError) return 'Cannot reach the server. Check your connection.';
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
