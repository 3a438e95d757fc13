import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';
import type { LinkGitDto as GitLinkInput } from '@/lib/api/generated/openapi';
import { isApiError } from '@/lib/errors';

export const gitKeys = {
  link: (ws: string) => ['workspaces', ws, 'git'] as const,
  task: (id: string) => ['tasks', id, 'git'] as const,
  diff: (id: string, head: string | null) => ['tasks', id, 'git', 'diff', head ?? ''] as const,
};

/** 404 means "none" for these resources (not linked, no branch yet): null instead of an error. */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (isApiError(e) && e.status === 404) return null;
    throw e;
  }
}

export function useGitLink(ws: string, enabled = true) {
  return useQuery({
    queryKey: gitKeys.link(ws),
    queryFn: () => orNull(request('get', '/api/v1/workspaces/{ws}/git', { params: { ws } })),
    enabled,
  });
}

export function useSetGitLink(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: GitLinkInput) =>
      request('put', '/api/v1/workspaces/{ws}/git', { params: { ws }, body: input }),
    onSuccess: (link) => qc.setQueryData(gitKeys.link(ws), link),
  });
}

export function useUnlinkGit(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request('delete', '/api/v1/workspaces/{ws}/git', { params: { ws } }),
    onSuccess: () => qc.setQueryData(gitKeys.link(ws), null),
  });
}

export function useImportBranch(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (branch?: string) =>
      request('post', '/api/v1/workspaces/{ws}/git/import', {
        params: { ws },
        body: branch ? { branch } : {},
      }),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: gitKeys.link(ws) }),
        qc.invalidateQueries({ queryKey: ['workspaces', ws, 'files'] }),
      ]),
  });
}

export function useTaskGit(id: string, enabled: boolean) {
  return useQuery({
    queryKey: gitKeys.task(id),
    queryFn: () => orNull(request('get', '/api/v1/tasks/{id}/git', { params: { id } })),
    enabled,
  });
}

export function useTaskGitDiff(id: string, head: string | null, enabled: boolean) {
  return useQuery({
    queryKey: gitKeys.diff(id, head),
    queryFn: () => request('get', '/api/v1/tasks/{id}/git/diff', { params: { id } }),
    enabled,
    staleTime: Infinity,
  });
}

export function useCommitTask(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { message?: string; pullRequest?: boolean }) =>
      request('post', '/api/v1/tasks/{id}/git/commit', { params: { id }, body: input }),
    onSuccess: (row) => qc.setQueryData(gitKeys.task(id), row),
  });
}

export function useOpenPullRequest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request('post', '/api/v1/tasks/{id}/git/pull-request', { params: { id }, body: {} }),
    onSuccess: (row) => qc.setQueryData(gitKeys.task(id), row),
  });
}
