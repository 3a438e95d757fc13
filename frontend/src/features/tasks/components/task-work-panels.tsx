import { TaskGitPanel } from '@/features/git/task-git-panel';
import type { TaskView as Task } from '@/lib/api/generated/openapi';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { TaskCheckpoints } from './task-checkpoints';

/** The task's checkpoints and git branch, under its header (each loads when opened). */
export function TaskWorkPanels({
  task,
  messages,
  canAct,
}: {
  task: Task;
  messages: readonly TaskMessage[];
  canAct: boolean;
}) {
  const running = task.status === 'running' || task.status === 'queued';
  // Each checkpoint (and restore) is a checkpoint_saved message: a new one refreshes the list.
  const version = messages.filter((m) => m.say === 'checkpoint_saved').length;
  return (
    <div className="task-work">
      <TaskCheckpoints taskId={task.id} canRestore={canAct} running={running} version={version} />
      <TaskGitPanel taskId={task.id} workspaceId={task.workspaceId} canAct={canAct} running={running} />
    </div>
  );
}
