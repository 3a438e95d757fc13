import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { EmptyState, ErrorState, Loading } from '@/components/states';
import { hasRole, useWorkspace } from '@/features/workspaces/api';
import { TASK_STATUSES, type TaskStatus } from '@/lib/api/generated/realtime';
import { formatCost, formatDate } from '@/lib/format';
import { useTasks } from './api';
import { VIEWER_CANNOT_START } from './new-task-page';
import { StatusBadge, statusLabel } from './components/status-badge';
import { humanize } from '@/lib/labels';
import { ImportHistory } from '@/features/usage/task-history';

export function TasksPage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/tasks' });
  const { status } = useSearch({ from: '/authed/workspaces/$ws/tasks' });
  const navigate = useNavigate({ from: '/workspaces/$ws/tasks' });
  const workspace = useWorkspace(ws);
  const tasks = useTasks(ws, status);
  const items = tasks.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="page" aria-labelledby="tasks-title">
      <div className="page-header">
        <h2 id="tasks-title">Tasks</h2>
        {hasRole(workspace.data?.role, 'member') && (
          <div className="row wrap">
            <ImportHistory ws={ws} />
            <Link to="/workspaces/$ws/tasks/new" params={{ ws }} className="btn btn-primary">
              New task
            </Link>
          </div>
        )}
      </div>
      {workspace.data && !hasRole(workspace.data.role, 'member') && (
        <p className="notice">{VIEWER_CANNOT_START}</p>
      )}
      <div className="filters">
        <label htmlFor="status-filter">Status</label>
        <select
          id="status-filter"
          value={status ?? ''}
          onChange={(e) =>
            void navigate({ search: { status: (e.target.value || undefined) as TaskStatus | undefined } })
          }
        >
          <option value="">All</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={status ? `No ${statusLabel(status).toLowerCase()} tasks.` : 'No tasks yet.'} />
      ) : (
        <>
          <ul className="card-list">
            {items.map((t) => (
              <li key={t.id} className="card">
                <div className="card-main">
                  <Link
                    to="/workspaces/$ws/tasks/$taskId"
                    params={{ ws, taskId: t.id }}
                    className="card-title card-link"
                  >
                    {t.title ?? t.prompt.slice(0, 100)}
                  </Link>
                  <p className="muted">
                    {humanize(t.mode)} mode · {formatDate(t.createdAt)} · {formatCost(t.cost)}
                  </p>
                </div>
                <StatusBadge status={t.status} />
              </li>
            ))}
          </ul>
          {tasks.hasNextPage && (
            <button
              type="button"
              className="btn"
              onClick={() => void tasks.fetchNextPage()}
              disabled={tasks.isFetchingNextPage}
            >
              {tasks.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </section>
  );
}
