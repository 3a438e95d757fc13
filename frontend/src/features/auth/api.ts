import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';
import { api } from '@/lib/api/endpoints';
import type { AuthResponse, CreateTokenInput, LoginInput, RegisterInput, User } from '@/lib/api/types';

export const authKeys = {
  session: ['auth', 'session'] as const,
  sessions: ['auth', 'sessions'] as const,
  tokens: ['auth', 'tokens'] as const,
};

/** The signed-in user, bootstrapped from the refresh cookie; null when signed out. */
export const sessionQuery = queryOptions({
  queryKey: authKeys.session,
  queryFn: async (): Promise<User | null> => (await api.auth.refresh())?.user ?? null,
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
});

/** A sign-in button: an external provider the server has configured (GET /auth/providers). */
export interface SignInProvider {
  id: string;
  kind: 'oidc' | 'google' | 'github';
  label: string;
  startUrl: string;
}

export const providersQuery = queryOptions({
  queryKey: ['auth', 'providers'] as const,
  queryFn: () => request<SignInProvider[]>('authProviders', { noRefresh: true }),
  staleTime: 5 * 60_000,
});

export function useCurrentUser(): User | null {
  return useQuery(sessionQuery).data ?? null;
}

function useSetSession() {
  const qc = useQueryClient();
  return (res: AuthResponse) => qc.setQueryData(authKeys.session, res.user);
}

export function useLogin() {
  const setSession = useSetSession();
  return useMutation({ mutationFn: (input: LoginInput) => api.auth.login(input), onSuccess: setSession });
}

export function useRegister() {
  const setSession = useSetSession();
  return useMutation({
    mutationFn: (input: RegisterInput) => api.auth.register(input),
    onSuccess: setSession,
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.auth.logout(),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(authKeys.session, null);
    },
  });
}

export function useSessions() {
  return useQuery({ queryKey: authKeys.sessions, queryFn: api.auth.sessions });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.auth.deleteSession(id),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.sessions }),
  });
}

/** Revokes every session except this one. */
export function useRevokeOtherSessions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      await Promise.all(ids.map((id) => api.auth.deleteSession(id)));
    },
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.sessions }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: authKeys.tokens, queryFn: api.auth.tokens });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => api.auth.createToken(input),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useDeleteToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.auth.deleteToken(id),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}
