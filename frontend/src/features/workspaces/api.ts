import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/endpoints';
import type { Role } from '@/lib/api/types';

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
  return useQuery({ queryKey: workspaceKeys.all, queryFn: api.workspaces.list });
}

export function useWorkspace(ws: string) {
  return useQuery({ queryKey: workspaceKeys.one(ws), queryFn: () => api.workspaces.get(ws) });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.workspaces.create,
    onSuccess: () => qc.invalidateQueries({ queryKey: workspaceKeys.all }),
  });
}

export function useUpdateWorkspace(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; description?: string }) => api.workspaces.update(ws, input),
    onSuccess: (data) => {
      qc.setQueryData(workspaceKeys.one(ws), data);
      return qc.invalidateQueries({ queryKey: workspaceKeys.all, exact: true });
    },
  });
}

export function useDeleteWorkspace(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.workspaces.remove(ws),
    onSuccess: () => {
      qc.removeQueries({ queryKey: workspaceKeys.one(ws) });
      return qc.invalidateQueries({ queryKey: workspaceKeys.all, exact: true });
    },
  });
}

export function useMembers(ws: string) {
  return useQuery({ queryKey: workspaceKeys.members(ws), queryFn: () => api.workspaces.members(ws) });
}

/** Invites by email; the person becomes a member once they accept. */
export function useAddMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) => api.workspaces.addMember(ws, input),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.invitations(ws) }),
  });
}

export function useWorkspaceInvitations(ws: string, enabled: boolean) {
  return useQuery({
    queryKey: workspaceKeys.invitations(ws),
    queryFn: () => api.workspaces.invitations(ws),
    enabled,
  });
}

export function useRevokeInvitation(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.workspaces.revokeInvitation(ws, id),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.invitations(ws) }),
  });
}

/** Invitations to the signed-in user. */
export function useMyInvitations() {
  return useQuery({ queryKey: workspaceKeys.mine, queryFn: api.invitations.mine });
}

export function useAnswerInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, accept }: { id: string; accept: boolean }) =>
      accept ? api.invitations.accept(id) : api.invitations.decline(id),
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
      api.workspaces.updateMember(ws, userId, role),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.members(ws) }),
  });
}

export function useRemoveMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.workspaces.removeMember(ws, userId),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.members(ws) }),
  });
}
