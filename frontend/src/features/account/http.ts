import { fetchWithDeadline, refreshSession } from '@/lib/api/client';
import { getAccessToken, setAccessToken } from '@/lib/api/token';
import { ApiError } from '@/lib/errors';
import type { PublicUserView as User } from '@/lib/api/generated/openapi';

/** A signed-in answer (login, second step, passkey, password reset). */
export interface SignedInResponse {
  user: User;
  accessToken: string;
  expiresIn: number;
}

/** The password step's answer when the account has a second factor. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
  methods: { totp: boolean; recoveryCode: boolean; passkey: boolean };
}

export const isMfaChallenge = (v: unknown): v is MfaChallenge =>
  typeof v === 'object' && v !== null && (v as { mfaRequired?: unknown }).mfaRequired === true;

/**
 * A JSON call for the account and email-flow endpoints, with the shared client's token,
 * deadline and one refresh on 401. Signed-in answers store their access token.
 */
export async function call<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  opts: { anonymous?: boolean } = {},
): Promise<T> {
  const send = () => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = getAccessToken();
    if (token && !opts.anonymous) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetchWithDeadline(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'include',
    });
  };
  let res = await send();
  if (res.status === 401 && !opts.anonymous && (await refreshSession().catch(() => null))) res = await send();
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, data as never, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  if (data && typeof data === 'object' && 'accessToken' in data)
    setAccessToken((data as SignedInResponse).accessToken);
  return data as T;
}
