import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TaskPage, TaskView as Task } from '@/lib/api/generated/openapi';
import type { WorkspaceTaskSummary } from '@/lib/api/generated/realtime';
import { useRealtime } from '@/lib/realtime-context';
import { taskKeys } from '../api';

type TaskPages = InfiniteData<TaskPage, string | undefined>;

const newer = (a: string, b: string) => Date.parse(a) >= Date.parse(b);

/** The summary's fields over a task the cache holds (an older summary changes nothing). */
function patched(old: Task, s: WorkspaceTaskSummary): Task {
  if (!newer(s.updatedAt, old.updatedAt)) return old;
  return { ...old, status: s.status, title: s.title, mode: s.mode, cost: s.cost, updatedAt: s.updatedAt };
}

/** A list row for a task the cache has not seen (its full record arrives with the next fetch). */
function fromSummary(s: WorkspaceTaskSummary): Task {
  return {
    id: s.id,
    workspaceId: s.workspaceId,
    parentId: s.parentId,
    mode: s.mode,
    providerId: null,
    awaitingTaskId: null,
    status: s.status,
    prompt: '',
    createdBy: s.createdBy,
    autoApprove: {},
    steps: 0,
    lastSeq: 0,
    todos: '',
    imported: null,
    title: s.title,
    tokensIn: 0,
    tokensOut: 0,
    cacheReads: 0,
    cacheWrites: 0,
    cost: s.cost,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    completedAt: null,
    error: null,
  };
}

/**
 * Applies one `workspace:task` to the cache: the task lists of its workspace (every status
 * filter: patched in place, dropped from a filter it no longer matches, added on top of a list
 * it now belongs to) and the single task if it is loaded. No refetch: a task started on another
 * device appears at once, and the waiting count follows.
 */
export function applyWorkspaceTask(qc: QueryClient, s: WorkspaceTaskSummary): void {
  for (const q of qc.getQueryCache().findAll({ queryKey: [...taskKeys.all(s.workspaceId), 'list'] })) {
    const filter = q.queryKey[4];
    const matches = filter === 'all' || filter === s.status;
    qc.setQueryData<TaskPages>(q.queryKey, (data) => {
      if (!data?.pages.length) return data;
      const known = data.pages.some((p) => p.items.some((t) => t.id === s.id));
      if (!known) {
        const [first, ...rest] = data.pages;
        if (!matches || !first) return data;
        return { ...data, pages: [{ ...first, items: [fromSummary(s), ...first.items] }, ...rest] };
      }
      return {
        ...data,
        pages: data.pages.map((p) => ({
          ...p,
          items: p.items.flatMap((t) => {
            if (t.id !== s.id) return [t];
            const next = patched(t, s);
            return matches || next === t ? [next] : [];
          }),
        })),
      };
    });
  }
  qc.setQueryData<Task>(taskKeys.one(s.id), (old) => (old ? patched(old, s) : old));
}

/**
 * Keeps a workspace's views live while they are open: follows the workspace over the socket
 * (again after every reconnect, refetching the lists for what was missed meanwhile) and applies
 * each `workspace:task` to the cache. A revoked subscription (the user left the workspace)
 * refetches the workspace, which then shows why.
 */
export function useWorkspaceLive(ws: string): void {
  const qc = useQueryClient();
  const realtime = useRealtime();

  useEffect(() => {
    let connectedBefore = false;
    const follow = () => {
      void realtime.subscribeWorkspace(ws);
      // Events sent while the socket was down are gone: the lists catch up by refetching.
      if (connectedBefore) void qc.invalidateQueries({ queryKey: [...taskKeys.all(ws), 'list'] });
      connectedBefore = true;
    };
    const offs = [
      realtime.on('workspace:task', ({ workspaceId, task }) => {
        if (workspaceId === ws) applyWorkspaceTask(qc, task);
      }),
      realtime.on('workspace:revoked', ({ workspaceId }) => {
        if (workspaceId === ws) void qc.invalidateQueries({ queryKey: ['workspaces', ws] });
      }),
      realtime.onState((state) => {
        if (state === 'connected') follow();
      }),
    ];
    if (realtime.getState() === 'connected') follow();
    else realtime.connect();
    return () => {
      for (const off of offs) off();
      realtime.unsubscribeWorkspace(ws);
    };
  }, [ws, qc, realtime]);
}
