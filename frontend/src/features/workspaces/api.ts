import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';
import type { Role, UpdateWorkspaceDto } from '@/lib/api/generated/openapi';

export const workspaceKeys = {
  all: ['workspaces'] as const,
  one: (ws: string) => ['workspaces', ws] as const,
  members: (ws: string) => ['workspaces', ws, 'members'] as const,
  invitations: (ws: string) => ['workspaces', ws, 'invitations'] as const,
  mine: ['invitations'] as const,
};

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** True when `role` is at least `min` (owner > admin > member > viewer). */
export function hasRole(role: Role | undefined, min: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[min];
}

export function useWorkspaces() {
  return useQuery({ queryKey: workspaceKeys.all, queryFn: () => request('get', '/api/v1/workspaces') });
}

export function useWorkspace(ws: string) {
  return useQuery({
    queryKey: workspaceKeys.one(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}', { params: { ws } }),
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; description?: string }) =>
      request('post', '/api/v1/workspaces', { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: workspaceKeys.all }),
  });
}

export function useUpdateWorkspace(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateWorkspaceDto) =>
      request('patch', '/api/v1/workspaces/{ws}', { params: { ws }, body: input }),
    onSuccess: (data) => {
      qc.setQueryData(workspaceKeys.one(ws), data);
      return qc.invalidateQueries({ queryKey: workspaceKeys.all, exact: true });
    },
  });
}

export function useDeleteWorkspace(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request('delete', '/api/v1/workspaces/{ws}', { params: { ws } }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: workspaceKeys.one(ws) });
      return qc.invalidateQueries({ queryKey: workspaceKeys.all, exact: true });
    },
  });
}

export function useMembers(ws: string) {
  return useQuery({
    queryKey: workspaceKeys.members(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/members', { params: { ws } }),
  });
}

/** Invites by email; the person becomes a member once they accept. */
export function useAddMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) =>
      request('post', '/api/v1/workspaces/{ws}/members', { params: { ws }, body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.invitations(ws) }),
  });
}

export function useWorkspaceInvitations(ws: string, enabled: boolean) {
  return useQuery({
    queryKey: workspaceKeys.invitations(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/invitations', { params: { ws } }),
    enabled,
  });
}

export function useRevokeInvitation(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      request('delete', '/api/v1/workspaces/{ws}/invitations/{id}', { params: { ws, id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.invitations(ws) }),
  });
}

/** Invitations to the signed-in user. */
export function useMyInvitations() {
  return useQuery({ queryKey: workspaceKeys.mine, queryFn: () => request('get', '/api/v1/invitations') });
}

export function useAnswerInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, accept }: { id: string; accept: boolean }) =>
      accept
        ? request('post', '/api/v1/invitations/{id}/accept', { params: { id } })
        : request('post', '/api/v1/invitations/{id}/decline', { params: { id } }),
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: workspaceKeys.mine });
      await qc.invalidateQueries({ queryKey: workspaceKeys.all, exact: true });
    },
  });
}

export function useUpdateMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      request('patch', '/api/v1/workspaces/{ws}/members/{userId}', {
        params: { ws, userId },
        body: { role },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.members(ws) }),
  });
}

export function useRemoveMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      request('delete', '/api/v1/workspaces/{ws}/members/{userId}', { params: { ws, userId } }),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.members(ws) }),
  });
}
