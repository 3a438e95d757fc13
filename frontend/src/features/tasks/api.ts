import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, requestResponse } from '@/lib/api/client';
import type {
  CreateTaskDto,
  RespondDto,
  TaskMessageDto,
  TaskView as Task,
} from '@/lib/api/generated/openapi';
import type { TaskMessageView as TaskMessage, TaskResponse, TaskStatus } from '@/lib/api/generated/realtime';
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

/**
 * REST answers messages as TaskMessageDto, which the backend declares `implements TaskMessageView`
 * (the realtime contract's message, whose `meta` is typed field by field): read them as that.
 */
export const contractMessages = (rows: TaskMessageDto[]): TaskMessage[] => rows as unknown as TaskMessage[];

/** A task's messages after `afterSeq` (all of them by default). */
export async function fetchMessages(id: string, afterSeq?: number): Promise<TaskMessage[]> {
  return contractMessages(
    await request('get', '/api/v1/tasks/{id}/messages', { params: { id }, query: { afterSeq } }),
  );
}

export function useTasks(ws: string, status?: TaskStatus) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(ws, status),
    queryFn: ({ pageParam }) =>
      request('get', '/api/v1/workspaces/{ws}/tasks', {
        params: { ws },
        query: { status: status ? [status] : undefined, cursor: pageParam, limit: 50 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: taskKeys.one(id),
    queryFn: () => request('get', '/api/v1/tasks/{id}', { params: { id } }),
  });
}

/** All messages of a task; the fetch merges into what the socket already delivered (never overwrites). */
export function useTaskMessages(id: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: taskKeys.messages(id),
    queryFn: async () => {
      const fetched = await fetchMessages(id);
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
        const res = await requestResponse('get', '/api/v1/workspaces/{ws}/files/content', {
          params: { ws },
          query: { path: path ?? '' },
        });
        return await res.text();
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
    mutationFn: (input: CreateTaskDto) =>
      request('post', '/api/v1/workspaces/{ws}/tasks', { params: { ws }, body: input }),
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
  return useTaskAction<undefined>(id, () => request('post', '/api/v1/tasks/{id}/cancel', { params: { id } }));
}

export function useResumeTask(id: string) {
  return useTaskAction<string>(id, (text) =>
    request('post', '/api/v1/tasks/{id}/resume', { params: { id }, body: { text } }),
  );
}

/** A message to the task: queued for its next turn while it runs; continues a finished task. */
export function useSendMessage(id: string) {
  return useTaskAction<string>(id, (text) =>
    request('post', '/api/v1/tasks/{id}/messages', { params: { id }, body: { text } }),
  );
}

/** Replaces the task's todo list (members); the agent sees it at its next turn. */
export function useEditTodos(id: string) {
  return useTaskAction<string>(id, (todos) =>
    request('put', '/api/v1/tasks/{id}/todos', { params: { id }, body: { todos } }),
  );
}

export function useShareTask(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (hours: number) =>
      request('post', '/api/v1/tasks/{id}/share', { params: { id }, body: { expiresInHours: hours } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: taskKeys.shares(id) }),
  });
}

/** The task's live share links (member+), fetched only when shown. */
export function useTaskShares(id: string, enabled: boolean) {
  return useQuery({
    queryKey: taskKeys.shares(id),
    queryFn: () => request('get', '/api/v1/tasks/{id}/shares', { params: { id } }),
    enabled,
  });
}

export function useRevokeShare(taskId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (shareId: string) => request('delete', '/api/v1/shares/{id}', { params: { id: shareId } }),
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
        await respondOverRest(id, { response, ...(text === undefined ? {} : { text }), mode });
        return;
      }
      if (realtime.getState() === 'connected') {
        const ack = await realtime.respond(id, response, text);
        if (!ack.ok) throw new Error(ack.error ?? 'The server refused the answer.');
        return;
      }
      await respondOverRest(id, text === undefined ? { response } : { response, text });
    },
  });
}

function respondOverRest(id: string, body: RespondDto) {
  return request('post', '/api/v1/tasks/{id}/respond', { params: { id }, body });
}
