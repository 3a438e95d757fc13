import { useQuery } from '@tanstack/react-query';
import { providersQuery, type SignInProvider } from '../api';
import { safeRedirect } from '../redirect';

/** What the sign-in page says for each `sso_error` code the API's callback sends back. */
export const SSO_ERRORS: Record<string, string> = {
  state: 'That sign-in expired or was started in another browser. Please try again.',
  denied: 'The sign-in was cancelled at the provider.',
  refused: 'The provider’s answer could not be verified. Please try again.',
  unverified_email:
    'An account with this email exists, but the provider has not verified the address, so it cannot be linked. Sign in with your password instead.',
  no_email: 'The provider did not share an email address, which an account needs.',
  domain: 'Accounts for this email domain cannot be created through this provider.',
  closed: 'Registration is closed on this server. Ask an administrator for an account.',
  invite: 'Creating an account here needs an invitation for this email address.',
  signup_disabled: 'This provider only signs in existing accounts. Ask an administrator for one.',
  disabled: 'This account is disabled.',
  linked_elsewhere: 'Your account is already linked to another account at this provider.',
  unavailable: 'The sign-in provider could not be reached. Please try again later.',
  rate_limited: 'Too many sign-in attempts. Wait a minute and try again.',
  unknown_provider: 'That sign-in provider is not set up on this server.',
};

export function ssoErrorText(code: string): string {
  const text = Object.hasOwn(SSO_ERRORS, code) ? SSO_ERRORS[code] : undefined;
  return text ?? 'Signing in with the provider failed. Please try again.';
}

/** The provider's start URL (an API path; anything else is ignored), with where to land after. */
function startHref(p: SignInProvider, redirect: string | undefined): string | null {
  if (!/^\/api\/v1\/auth\/oidc\/[a-z0-9-]+\/start$/.test(p.startUrl)) return null;
  return redirect ? `${p.startUrl}?returnTo=${encodeURIComponent(safeRedirect(redirect))}` : p.startUrl;
}

/**
 * One button per configured provider, exactly those the API lists. Each is a plain link: the
 * browser leaves for the provider and comes back signed in through the refresh cookie.
 */
export function ProviderButtons({ redirect }: { redirect?: string }) {
  const { data } = useQuery(providersQuery);
  const buttons = (data ?? []).flatMap((p) => {
    const href = startHref(p, redirect);
    return href ? [{ ...p, href }] : [];
  });
  if (!buttons.length) return null;
  return (
    <nav aria-label="Sign in with another account" className="form">
      {buttons.map((p) => (
        <a key={p.id} className="btn" href={p.href} data-provider={p.id}>
          {p.label}
        </a>
      ))}
      <p>Or sign in with your email and password:</p>
    </nav>
  );
}
