import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authKeys } from '@/features/auth/api';
import { request } from '@/lib/api/client';
import type { AccountSecurityView, CapabilitiesView } from '@/lib/api/generated/openapi';
import { remember, type SignedInResponse } from './http';

// Public routes: no refresh-and-retry on 401 (there is no session to refresh).
const anonymous = { noRefresh: true } as const;

export type Capabilities = CapabilitiesView;
export type SecurityOverview = AccountSecurityView;

export const accountKeys = {
  capabilities: ['auth', 'capabilities'] as const,
  security: ['account', 'security'] as const,
};

export function useCapabilities() {
  return useQuery({
    queryKey: accountKeys.capabilities,
    queryFn: () => request('get', '/api/v1/auth/capabilities', anonymous),
    staleTime: 5 * 60_000,
  });
}

export function useSecurity() {
  return useQuery({
    queryKey: accountKeys.security,
    queryFn: () => request('get', '/api/v1/account/security'),
  });
}

/** Stores a new sign-in as the current session. */
export function useSignedIn() {
  const qc = useQueryClient();
  return (res: SignedInResponse) => qc.setQueryData(authKeys.session, res.user);
}

export const accountApi = {
  forgot: (email: string) =>
    request('post', '/api/v1/auth/password/forgot', { body: { email }, ...anonymous }),
  reset: async (token: string, password: string) =>
    remember(
      await request('post', '/api/v1/auth/password/reset', { body: { token, password }, ...anonymous }),
    ),
  verifyEmail: (token: string) =>
    request('post', '/api/v1/auth/email/verify', { body: { token }, ...anonymous }),
  mfaVerify: async (mfaToken: string, answer: { code: string } | { recoveryCode: string }) =>
    remember(
      await request('post', '/api/v1/auth/mfa/verify', { body: { mfaToken, ...answer }, ...anonymous }),
    ),
  passkeyOptions: () => request('post', '/api/v1/auth/passkeys/options', anonymous),
  passkeyVerify: async (challengeId: string, response: object) =>
    remember(
      await request('post', '/api/v1/auth/passkeys/verify', {
        body: { challengeId, response: { ...response } },
        ...anonymous,
      }),
    ),
  totpSetup: () => request('post', '/api/v1/account/totp/setup'),
  totpConfirm: (code: string) => request('post', '/api/v1/account/totp/confirm', { body: { code } }),
  totpDisable: (password: string) => request('post', '/api/v1/account/totp/disable', { body: { password } }),
  recoveryCodes: (password: string) =>
    request('post', '/api/v1/account/recovery-codes', { body: { password } }),
  passkeyRegisterOptions: () => request('post', '/api/v1/account/passkeys/options'),
  passkeyRegister: (response: object, name: string) =>
    request('post', '/api/v1/account/passkeys', { body: { response: { ...response }, name } }),
  passkeyRemove: (id: string) => request('delete', '/api/v1/account/passkeys/{id}', { params: { id } }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request('post', '/api/v1/account/password', { body: { currentPassword, newPassword } }),
  notifications: (taskWaiting: boolean) =>
    request('patch', '/api/v1/account/notifications', { body: { taskWaiting } }),
};

export function useSecurityMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: accountKeys.security }),
  });
}
