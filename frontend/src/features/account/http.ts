import type { MfaChallengeView, SignedInView } from '@/lib/api/generated/openapi';
import { setAccessToken } from '@/lib/api/token';

/** A signed-in answer (login, second step, passkey, password reset). */
export type SignedInResponse = SignedInView;

/** The password step's answer when the account has a second factor. */
export type MfaChallenge = MfaChallengeView;

export const isMfaChallenge = (v: unknown): v is MfaChallenge =>
  typeof v === 'object' && v !== null && (v as { mfaRequired?: unknown }).mfaRequired === true;

/** Keeps the access token of a signed-in answer (the refresh token stays in its httpOnly cookie). */
export function remember<T>(res: T): T {
  if (res && typeof res === 'object' && 'accessToken' in res && typeof res.accessToken === 'string')
    setAccessToken(res.accessToken);
  return res;
}
