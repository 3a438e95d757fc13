import { useState } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/states';
import type { SessionView as AuthSession } from '@/lib/api/generated/openapi';
import { formatDate } from '@/lib/format';
import { PushOptIn } from '@/features/tasks/components/push-opt-in';
import { useRevokeOtherSessions, useRevokeSession, useSessions } from './api';

export function SessionsPage() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions();
  const [confirmOthers, setConfirmOthers] = useState(false);
  const others = (sessions.data ?? []).filter((s) => !s.current);

  return (
    <section className="page" aria-labelledby="sessions-title">
      <div className="page-header">
        <h1 id="sessions-title">Signed-in devices</h1>
        <button
          type="button"
          className="btn btn-danger"
          disabled={others.length === 0}
          aria-describedby={others.length === 0 ? 'no-other-sessions' : undefined}
          onClick={() => setConfirmOthers(true)}
        >
          Sign out other devices
        </button>
      </div>
      {sessions.isSuccess && others.length === 0 && (
        <p className="muted" id="no-other-sessions">
          No other device is signed in.
        </p>
      )}
      <PushOptIn />
      {revokeOthers.isSuccess && <p role="status">Other devices were signed out.</p>}
      <InlineError error={revoke.error} />
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.length === 0 ? (
        <EmptyState title="No sessions." />
      ) : (
        <ul className="card-list" aria-labelledby="sessions-title">
          {sessions.data.map((s) => (
            <li key={s.id} className="card">
              <div>
                <p className="card-title">
                  {s.deviceLabel ?? 'Unknown device'}{' '}
                  {s.current && <span className="badge">This device</span>}
                </p>
                <p className="muted">{sessionDates(s)}</p>
              </div>
              {!s.current && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => revoke.mutate(s.id)}
                  disabled={revoke.isPending}
                  aria-label={`Sign out ${s.deviceLabel ?? 'unknown device'}`}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={confirmOthers}
        onOpenChange={setConfirmOthers}
        title="Sign out other devices?"
        description={`${others.length} other session(s) will be signed out. This device stays signed in.`}
        confirmLabel="Sign out others"
        pending={revokeOthers.isPending}
        error={<InlineError error={revokeOthers.error} />}
        onConfirm={() =>
          revokeOthers.mutate(
            others.map((s) => s.id),
            { onSuccess: () => setConfirmOthers(false) },
          )
        }
      />
    </section>
  );
}

/** "Signed in …" only with a date to show (the API may leave it out), then last use and expiry. */
export function sessionDates(
  s: Pick<AuthSession, 'lastUsedAt' | 'expiresAt'> & { createdAt?: string | null },
): string {
  const parts = [
    s.createdAt ? `Signed in ${formatDate(s.createdAt)}` : null,
    s.lastUsedAt ? `last used ${formatDate(s.lastUsedAt)}` : null,
    `expires ${formatDate(s.expiresAt)}`,
  ].filter((p): p is string => p !== null);
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
