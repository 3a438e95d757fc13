import { DomainError } from '../../common/errors/domain-errors.js';

/**
 * What the sign-in page shows after a failed external sign-in. Only this code travels back
 * to the browser (`/sign-in?sso_error=<code>`): the page words it, so a crafted link
 * cannot make the page say anything else.
 */
export type SsoErrorCode =
  | 'state'
  | 'denied'
  | 'refused'
  | 'unverified_email'
  | 'no_email'
  | 'domain'
  | 'closed'
  | 'invite'
  | 'signup_disabled'
  | 'disabled'
  | 'linked_elsewhere'
  | 'unavailable'
  | 'rate_limited'
  | 'unknown_provider';

export class SsoError extends DomainError {
  constructor(
    status: number,
    readonly code: SsoErrorCode,
    message: string,
  ) {
    super(status, message);
  }
}

/** The code of any error a sign-in can end with (e.g. a 429 from the rate limiter). */
export function ssoErrorCode(e: unknown): SsoErrorCode {
  if (e instanceof SsoError) return e.code;
  if (e instanceof DomainError) {
    if (e.status === 429) return 'rate_limited';
    if (e.status === 403) return 'disabled';
    if (e.status === 409) return 'linked_elsewhere';
  }
  return 'unavailable';
}
