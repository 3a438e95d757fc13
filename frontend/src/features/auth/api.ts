import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { refreshSession, request } from '@/lib/api/client';
import type {
  SignedInView as AuthResponse,
  CreateApiTokenDto as CreateTokenInput,
  LoginDto as LoginInput,
  MfaChallengeView,
  RegisterDto as RegisterInput,
  SignInProviderView,
  PublicUserView as User,
  VerificationPendingView,
} from '@/lib/api/generated/openapi';
import { setAccessToken } from '@/lib/api/token';

export const authKeys = {
  session: ['auth', 'session'] as const,
  sessions: ['auth', 'sessions'] as const,
  tokens: ['auth', 'tokens'] as const,
};

/** The signed-in user, bootstrapped from the refresh cookie; null when signed out. */
export const sessionQuery = queryOptions({
  queryKey: authKeys.session,
  queryFn: async (): Promise<User | null> => (await refreshSession())?.user ?? null,
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
});

/** A sign-in button: an external provider the server has configured (GET /auth/providers). */
export type SignInProvider = SignInProviderView;

/** Sign-in and sign-up answer a session, or what is still needed (a second factor, a verified address). */
type SignInAnswer = AuthResponse | MfaChallengeView | VerificationPendingView;
const signedIn = (res: SignInAnswer): res is AuthResponse => 'accessToken' in res;

/** Keeps the access token of a signed-in answer; the refresh token stays in its httpOnly cookie. */
function remember<T extends SignInAnswer>(res: T): T {
  if (signedIn(res)) setAccessToken(res.accessToken);
  return res;
}

export const providersQuery = queryOptions({
  queryKey: ['auth', 'providers'] as const,
  queryFn: () => request('get', '/api/v1/auth/providers', { noRefresh: true }),
  staleTime: 5 * 60_000,
});

export function useCurrentUser(): User | null {
  return useQuery(sessionQuery).data ?? null;
}

function useSetSession() {
  const qc = useQueryClient();
  return (res: SignInAnswer) => {
    if (signedIn(res)) qc.setQueryData(authKeys.session, res.user);
  };
}

export function useLogin() {
  const setSession = useSetSession();
  return useMutation({
    mutationFn: async (input: LoginInput) =>
      remember(await request('post', '/api/v1/auth/login', { body: input, noRefresh: true })),
    onSuccess: setSession,
  });
}

export function useRegister() {
  const setSession = useSetSession();
  return useMutation({
    mutationFn: async (input: RegisterInput) =>
      remember(await request('post', '/api/v1/auth/register', { body: input, noRefresh: true })),
    onSuccess: setSession,
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await request('post', '/api/v1/auth/logout', { body: {}, noRefresh: true });
      } finally {
        setAccessToken(null);
      }
    },
    onSettled: () => {
      qc.clear();
      qc.setQueryData(authKeys.session, null);
    },
  });
}

const deleteSession = (id: string) => request('delete', '/api/v1/auth/sessions/{id}', { params: { id } });

export function useSessions() {
  return useQuery({ queryKey: authKeys.sessions, queryFn: () => request('get', '/api/v1/auth/sessions') });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteSession(id),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.sessions }),
  });
}

/** Revokes every session except this one. */
export function useRevokeOtherSessions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      await Promise.all(ids.map((id) => deleteSession(id)));
    },
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.sessions }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: authKeys.tokens, queryFn: () => request('get', '/api/v1/auth/tokens') });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => request('post', '/api/v1/auth/tokens', { body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useDeleteToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request('delete', '/api/v1/auth/tokens/{id}', { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}
