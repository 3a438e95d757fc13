import { useState, type FormEvent } from 'react';
import { TextField } from '@/components/field';
import { InlineError } from '@/components/states';
import { accountApi, useSignedIn } from '@/features/account/api';
import type { MfaChallenge, SignedInResponse } from '@/features/account/http';
import { signInWithPasskey } from '@/features/account/passkey';

/** The second sign-in step: a code from the authenticator app, a recovery code, or a passkey. */
export function MfaStep({ challenge, onSuccess }: { challenge: MfaChallenge; onSuccess: () => void }) {
  const signedIn = useSignedIn();
  const [recovery, setRecovery] = useState(!challenge.methods.totp);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const finish = async (run: () => Promise<SignedInResponse>) => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await run());
      onSuccess();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('code') ?? '').trim();
    void finish(() =>
      accountApi.mfaVerify(challenge.mfaToken, recovery ? { recoveryCode: value } : { code: value }),
    );
  };

  return (
    <section aria-labelledby="mfa-title">
      <h2 id="mfa-title">Second step</h2>
      <form onSubmit={submit} noValidate className="form">
        {recovery ? (
          <TextField label="Recovery code" name="code" autoComplete="off" key="recovery" />
        ) : (
          <TextField
            label="Code from your authenticator app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            key="totp"
          />
        )}
        <InlineError error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Continue'}
        </button>
      </form>
      {challenge.methods.totp && challenge.methods.recoveryCode && (
        <button type="button" className="btn btn-link" onClick={() => setRecovery(!recovery)}>
          {recovery ? 'Use the authenticator app' : 'Use a recovery code'}
        </button>
      )}
      {challenge.methods.passkey && (
        <button type="button" className="btn" disabled={busy} onClick={() => void finish(signInWithPasskey)}>
          Use a passkey
        </button>
      )}
    </section>
  );
}
