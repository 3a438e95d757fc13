import { ArrowLeft } from 'lucide-react';
import { Link, useParams } from '@tanstack/react-router';
import { hasRole, useWorkspace } from '@/features/workspaces/api';
import { TaskView } from './components/task-view';

export function TaskPage() {
  const { ws, taskId } = useParams({ from: '/authed/workspaces/$ws/tasks/$taskId' });
  const workspace = useWorkspace(ws);
  return (
    <section className="page">
      <p>
        <Link to="/workspaces/$ws/tasks" params={{ ws }} search={{ status: undefined }}>
          <ArrowLeft aria-hidden="true" size={16} className="inline-icon" />
          All tasks
        </Link>
      </p>
      <TaskView taskId={taskId} canAct={hasRole(workspace.data?.role, 'member')} />
    </section>
  );
}
