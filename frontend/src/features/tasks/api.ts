import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/endpoints';
import type { CreateTaskInput, Task, TaskMessage, TaskResponse, TaskStatus } from '@/lib/api/types';
import { isApiError } from '@/lib/errors';
import { useRealtime } from '@/lib/realtime-context';
import { mergeMessages } from './lib/messages';

export const taskKeys = {
  all: (ws: string) => ['workspaces', ws, 'tasks'] as const,
  list: (ws: string, status?: TaskStatus) => ['workspaces', ws, 'tasks', 'list', status ?? 'all'] as const,
  one: (id: string) => ['tasks', id] as const,
  messages: (id: string) => ['tasks', id, 'messages'] as const,
  shares: (id: string) => ['tasks', id, 'shares'] as const,
};

export function useTasks(ws: string, status?: TaskStatus) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(ws, status),
    queryFn: ({ pageParam }) => api.tasks.list(ws, { status, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTask(id: string) {
  return useQuery({ queryKey: taskKeys.one(id), queryFn: () => api.tasks.get(id) });
}

/** All messages of a task; the fetch merges into what the socket already delivered (never overwrites). */
export function useTaskMessages(id: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: taskKeys.messages(id),
    queryFn: async () => {
      const fetched = await api.tasks.messages(id);
      return mergeMessages(qc.getQueryData<TaskMessage[]>(taskKeys.messages(id)) ?? [], fetched);
    },
    staleTime: Infinity,
  });
}

/**
 * The current text of a file a pending write would replace, to show the proposal as a real diff.
 * Null when the file does not exist yet.
 */
export function useFileBefore(ws: string, path: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['workspaces', ws, 'files', 'before', path ?? ''] as const,
    enabled: enabled && Boolean(path),
    queryFn: async () => {
      try {
        return await (await api.files.content(ws, path ?? '')).text();
      } catch (e) {
        if (isApiError(e) && e.status === 404) return null;
        throw e;
      }
    },
    staleTime: 0,
  });
}

export function useCreateTask(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTaskInput) => api.tasks.create(ws, input),
    onSuccess: (task) => {
      qc.setQueryData(taskKeys.one(task.id), task);
      return qc.invalidateQueries({ queryKey: taskKeys.all(task.workspaceId) });
    },
  });
}

function useTaskAction<V>(id: string, fn: (v: V) => Promise<Task | undefined>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (task) => {
      if (task && typeof task === 'object' && 'id' in task) qc.setQueryData(taskKeys.one(id), task);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: taskKeys.one(id), exact: true }),
  });
}

export function useCancelTask(id: string) {
  return useTaskAction<undefined>(id, () => api.tasks.cancel(id));
}

export function useResumeTask(id: string) {
  return useTaskAction<string>(id, (text) => api.tasks.resume(id, text));
}

/** A message to the task: queued for its next turn while it runs; continues a finished task. */
export function useSendMessage(id: string) {
  return useTaskAction<string>(id, (text) => api.tasks.send(id, text));
}

/** Replaces the task's todo list (members); the agent sees it at its next turn. */
export function useEditTodos(id: string) {
  return useTaskAction<string>(id, (todos) => api.tasks.editTodos(id, todos));
}

export function useShareTask(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (hours: number) => api.tasks.share(id, hours),
    onSuccess: () => qc.invalidateQueries({ queryKey: taskKeys.shares(id) }),
  });
}

/** The task's live share links (member+), fetched only when shown. */
export function useTaskShares(id: string, enabled: boolean) {
  return useQuery({ queryKey: taskKeys.shares(id), queryFn: () => api.tasks.shares(id), enabled });
}

export function useRevokeShare(taskId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (shareId: string) => api.tasks.revokeShare(shareId),
    onSettled: () => qc.invalidateQueries({ queryKey: taskKeys.shares(taskId) }),
  });
}

/**
 * Answers the pending ask over the socket (task:respond, acknowledged); falls back to
 * POST /tasks/:id/respond while the socket is down.
 */
export function useRespond(id: string) {
  const realtime = useRealtime();
  return useMutation({
    mutationFn: async ({
      response,
      text,
      mode,
    }: {
      response: TaskResponse;
      text?: string;
      mode?: string;
    }) => {
      // A suggestion's mode switch goes over REST (the same rules as the socket's task:respond).
      if (mode) {
        await api.tasks.respond(id, { response, ...(text === undefined ? {} : { text }), mode });
        return;
      }
      if (realtime.getState() === 'connected') {
        const ack = await realtime.respond(id, response, text);
        if (!ack.ok) throw new Error(ack.error ?? 'The server refused the answer.');
        return;
      }
      await api.tasks.respond(id, text === undefined ? { response } : { response, text });
    },
  });
}
