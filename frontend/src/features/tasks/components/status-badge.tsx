import type { TaskStatus } from '@/lib/api/generated/realtime';

const LABELS: Record<TaskStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  waiting_for_input: 'Waiting for you',
  waiting_for_subtask: 'Waiting for subtask',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function StatusBadge({ status }: { status: TaskStatus }) {
  return <span className={`badge status status-${status}`}>{LABELS[status]}</span>;
}

export function statusLabel(status: TaskStatus): string {
  return LABELS[status];
}
