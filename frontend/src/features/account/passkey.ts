import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { accountApi } from './api';
import type { SignedInResponse } from './http';

/** Passwordless sign-in with a passkey (the browser offers the ones it has for this site). */
export async function signInWithPasskey(): Promise<SignedInResponse> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const { challengeId, options } = await accountApi.passkeyOptions();
  const response = await startAuthentication({
    optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
  });
  return accountApi.passkeyVerify(challengeId, response);
}

export async function addPasskey(name: string): Promise<void> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  const options = await accountApi.passkeyRegisterOptions();
  const response = await startRegistration({
    optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
  });
  await accountApi.passkeyRegister(response, name);
}
