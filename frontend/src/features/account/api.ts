import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authKeys } from '@/features/auth/api';
import { call, type MfaChallenge, type SignedInResponse } from './http';

export interface Capabilities {
  mail: boolean;
  emailVerification: 'off' | 'optional' | 'required';
  requireAdminMfa: boolean;
}

export interface SecurityOverview {
  email: string;
  emailVerified: boolean;
  mailAvailable: boolean;
  notifications: { taskWaiting: boolean };
  totp: boolean;
  recoveryCodesLeft: number;
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  adminMfaRequired: boolean;
}

export const accountKeys = {
  capabilities: ['auth', 'capabilities'] as const,
  security: ['account', 'security'] as const,
};

export function useCapabilities() {
  return useQuery({
    queryKey: accountKeys.capabilities,
    queryFn: () => call<Capabilities>('GET', '/auth/capabilities', undefined, { anonymous: true }),
    staleTime: 5 * 60_000,
  });
}

export function useSecurity() {
  return useQuery({
    queryKey: accountKeys.security,
    queryFn: () => call<SecurityOverview>('GET', '/account/security'),
  });
}

/** Stores a new sign-in as the current session. */
export function useSignedIn() {
  const qc = useQueryClient();
  return (res: SignedInResponse) => qc.setQueryData(authKeys.session, res.user);
}

export const accountApi = {
  forgot: (email: string) =>
    call<{ status: 'sent' }>('POST', '/auth/password/forgot', { email }, { anonymous: true }),
  reset: (token: string, password: string) =>
    call<SignedInResponse | MfaChallenge>(
      'POST',
      '/auth/password/reset',
      { token, password },
      { anonymous: true },
    ),
  verifyEmail: (token: string) =>
    call<{ verified: true; email: string }>('POST', '/auth/email/verify', { token }, { anonymous: true }),
  mfaVerify: (mfaToken: string, answer: { code: string } | { recoveryCode: string }) =>
    call<SignedInResponse>('POST', '/auth/mfa/verify', { mfaToken, ...answer }, { anonymous: true }),
  passkeyOptions: () =>
    call<{ challengeId: string; options: Record<string, unknown> }>(
      'POST',
      '/auth/passkeys/options',
      undefined,
      {
        anonymous: true,
      },
    ),
  passkeyVerify: (challengeId: string, response: unknown) =>
    call<SignedInResponse>('POST', '/auth/passkeys/verify', { challengeId, response }, { anonymous: true }),
  totpSetup: () => call<{ secret: string; otpauthUrl: string }>('POST', '/account/totp/setup'),
  totpConfirm: (code: string) => call<{ recoveryCodes: string[] }>('POST', '/account/totp/confirm', { code }),
  totpDisable: (password: string) => call<undefined>('POST', '/account/totp/disable', { password }),
  recoveryCodes: (password: string) =>
    call<{ recoveryCodes: string[] }>('POST', '/account/recovery-codes', { password }),
  passkeyRegisterOptions: () => call<Record<string, unknown>>('POST', '/account/passkeys/options'),
  passkeyRegister: (response: unknown, name: string) =>
    call<{ id: string }>('POST', '/account/passkeys', { response, name }),
  passkeyRemove: (id: string) => call<undefined>('DELETE', `/account/passkeys/${encodeURIComponent(id)}`),
  changePassword: (currentPassword: string, newPassword: string) =>
    call<undefined>('POST', '/account/password', { currentPassword, newPassword }),
  notifications: (taskWaiting: boolean) =>
    call<{ taskWaiting: boolean }>('PATCH', '/account/notifications', { taskWaiting }),
};

export function useSecurityMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: accountKeys.security }),
  });
}
