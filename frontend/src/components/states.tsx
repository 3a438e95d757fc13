import { Link, type ErrorComponentProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/errors';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{errorMessage(error)}</p>
      {onRetry && (
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

export function NotFound() {
  return (
    <main className="page page-narrow" id="main">
      <h1>Page not found</h1>
      <p>
        <Link to="/workspaces">Go to your workspaces</Link>
      </p>
    </main>
  );
}
