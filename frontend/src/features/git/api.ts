import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/endpoints';
import type { GitLinkInput } from '@/lib/api/types';
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
  return useQuery({ queryKey: gitKeys.link(ws), queryFn: () => orNull(api.git.link(ws)), enabled });
}

export function useSetGitLink(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: GitLinkInput) => api.git.setLink(ws, input),
    onSuccess: (link) => qc.setQueryData(gitKeys.link(ws), link),
  });
}

export function useUnlinkGit(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.git.unlink(ws),
    onSuccess: () => qc.setQueryData(gitKeys.link(ws), null),
  });
}

export function useImportBranch(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (branch?: string) => api.git.importBranch(ws, branch),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: gitKeys.link(ws) }),
        qc.invalidateQueries({ queryKey: ['workspaces', ws, 'files'] }),
      ]),
  });
}

export function useTaskGit(id: string, enabled: boolean) {
  return useQuery({ queryKey: gitKeys.task(id), queryFn: () => orNull(api.git.task(id)), enabled });
}

export function useTaskGitDiff(id: string, head: string | null, enabled: boolean) {
  return useQuery({
    queryKey: gitKeys.diff(id, head),
    queryFn: () => api.git.diff(id),
    enabled,
    staleTime: Infinity,
  });
}

export function useCommitTask(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { message?: string; pullRequest?: boolean }) => api.git.commit(id, input),
    onSuccess: (row) => qc.setQueryData(gitKeys.task(id), row),
  });
}

export function useOpenPullRequest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.git.pullRequest(id),
    onSuccess: (row) => qc.setQueryData(gitKeys.task(id), row),
  });
}
