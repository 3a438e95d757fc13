import { Link, Outlet, useParams } from '@tanstack/react-router';
import { ErrorState, Loading } from '@/components/states';
import { roleLabel } from '@/lib/labels';
import { useWorkspaceLive } from '@/features/tasks/hooks/use-workspace-live';
import { hasRole, useWorkspace } from './api';

const tabs = [
  { to: '/workspaces/$ws/tasks', label: 'Tasks' },
  { to: '/workspaces/$ws/files', label: 'Files' },
  { to: '/workspaces/$ws/providers', label: 'Providers' },
  { to: '/workspaces/$ws/modes', label: 'Modes' },
  { to: '/workspaces/$ws/members', label: 'Members' },
  { to: '/workspaces/$ws/usage', label: 'Usage' },
  { to: '/workspaces/$ws/settings', label: 'Settings', min: 'admin' },
] as const;

export function WorkspaceLayout() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws' });
  const workspace = useWorkspace(ws);
  // The workspace's task lists (and the waiting count) follow changes from any device.
  useWorkspaceLive(ws);

  if (workspace.isPending) return <Loading />;
  if (workspace.isError)
    return (
      <ErrorState error={workspace.error} onRetry={() => void workspace.refetch()}>
        <p>
          <Link to="/workspaces">Go to your workspaces</Link>
        </p>
      </ErrorState>
    );

  return (
    <div className="workspace">
      <div className="workspace-header">
        <p className="eyebrow">
          <Link to="/workspaces">Workspaces</Link> /{' '}
          <span className="badge">{roleLabel(workspace.data.role)}</span>
        </p>
        <h1 className="workspace-name">{workspace.data.name}</h1>
      </div>
      <nav aria-label="Workspace" className="tabs">
        <ul>
          {tabs
            .filter((t) => !('min' in t) || hasRole(workspace.data.role, t.min))
            .map((t) => (
              <li key={t.to}>
                <Link to={t.to} params={{ ws }} activeProps={{ 'aria-current': 'page' }}>
                  {t.label}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
