import { useQuery } from '@tanstack/react-query';
import { Link, type ErrorComponentProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { sessionQuery } from '@/features/auth/api';
import { errorMessage, isApiError } from '@/lib/errors';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/**
 * False for answers that asking again cannot change: not found, forbidden, invalid input. Rate limits
 * (429) and timeouts (408) pass with time, and network or server errors may too.
 */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

export function ErrorState({
  error,
  onRetry,
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  /** A way on instead (e.g. a link back to the list) for errors that retrying cannot fix. */
  children?: ReactNode;
}) {
  return (
    <div className="state state-error" role="alert">
      <p>{errorMessage(error)}</p>
      {children}
      {onRetry && isRetryable(error) && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

/** Inline error under a form or beside an action; renders nothing without an error. */
export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="inline-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  return (
    <main className="page page-narrow" id="main">
      <h1>Something went wrong</h1>
      <ErrorState error={error} onRetry={reset} />
    </main>
  );
}

/**
 * The page for an address no route knows, with the app's top bar. Where it points depends on the
 * session: signed-in users go to their workspaces, everyone else to sign-in.
 */
export function NotFound() {
  const session = useQuery(sessionQuery);
  const signedIn = !!session.data;
  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar-row">
          <Link to="/" className="brand">
            Roo Server
          </Link>
        </div>
      </header>
      <main className="shell-main" id="main" tabIndex={-1}>
        <div className="page page-narrow">
          <h1>Page not found</h1>
          <p>There is nothing at this address. It may have been moved or deleted, or the link is mistyped.</p>
          {session.isPending ? null : signedIn ? (
            <p>
              <Link to="/workspaces">Go to your workspaces</Link>
            </p>
          ) : (
            <p>
              <Link to="/sign-in" search={{ redirect: undefined, sso_error: undefined }}>
                Sign in
              </Link>
            </p>
          )}
        </div>
      </main>
    </div>
  );
}
