import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { ErrorState, Loading } from '@/components/states';
import { request } from '@/lib/api/client';
import { formatDate } from '@/lib/format';
import { MessageList } from './components/message-list';
import { StatusBadge } from './components/status-badge';
import { Usage } from './components/usage';

/** Public, read-only view of a shared task (no sign-in). */
export function SharedTaskPage() {
  const { token } = useParams({ from: '/shared/$token' });
  const shared = useQuery({
    queryKey: ['shared', token],
    queryFn: () => request('get', '/api/v1/shared/{token}', { params: { token }, noRefresh: true }),
  });
  return (
    <main id="main" className="page shared-page">
      <p className="eyebrow">Roo Server · shared task (read-only)</p>
      {shared.isPending ? (
        <Loading />
      ) : shared.isError ? (
        <ErrorState error={shared.error} />
      ) : (
        <article aria-labelledby="task-title">
          <h1 id="task-title">{shared.data.task.title ?? shared.data.task.prompt.slice(0, 120)}</h1>
          <div className="row wrap">
            <StatusBadge status={shared.data.task.status} />
            <span className="muted">started {formatDate(shared.data.task.createdAt)}</span>
          </div>
          <Usage task={shared.data.task} />
          {!shared.data.messages.some((m) => m.say === 'text' && m.meta?.role === 'user') && (
            <details className="msg-details" open>
              <summary>Prompt</summary>
              <p className="msg-text">{shared.data.task.prompt}</p>
            </details>
          )}
          <MessageList messages={[...shared.data.messages].sort((a, b) => a.seq - b.seq)} />
        </article>
      )}
    </main>
  );
}
