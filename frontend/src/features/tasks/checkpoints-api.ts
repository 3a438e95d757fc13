import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';
import { taskKeys } from './api';

export const checkpointKeys = {
  list: (id: string) => ['tasks', id, 'checkpoints'] as const,
  diff: (id: string, seq: number) => ['tasks', id, 'checkpoints', seq, 'diff'] as const,
};

/** A task's checkpoints, loaded when shown; `version` (checkpoints seen in the history) refetches. */
export function useCheckpoints(id: string, enabled: boolean, version: number) {
  return useQuery({
    queryKey: [...checkpointKeys.list(id), version],
    queryFn: () => request('get', '/api/v1/tasks/{id}/checkpoints', { params: { id } }),
    enabled,
  });
}

export function useCheckpointDiff(id: string, seq: number, enabled: boolean) {
  return useQuery({
    queryKey: checkpointKeys.diff(id, seq),
    queryFn: () => request('get', '/api/v1/tasks/{id}/checkpoints/{seq}/diff', { params: { id, seq } }),
    enabled,
    staleTime: Infinity,
  });
}

export function useRestoreCheckpoint(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ seq, path }: { seq: number; path?: string }) =>
      request('post', '/api/v1/tasks/{id}/checkpoints/{seq}/restore', {
        params: { id, seq },
        body: path === undefined ? {} : { path },
      }),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: checkpointKeys.list(id) }),
        qc.invalidateQueries({ queryKey: taskKeys.messages(id) }),
      ]),
  });
}
