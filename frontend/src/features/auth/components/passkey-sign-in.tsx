import { useState } from 'react';
import { InlineError } from '@/components/states';
import { useSignedIn } from '@/features/account/api';
import { signInWithPasskey } from '@/features/account/passkey';

/** Passwordless sign-in; shown where the browser supports WebAuthn. */
export function PasskeySignIn({ onSuccess }: { onSuccess: () => void }) {
  const signedIn = useSignedIn();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (typeof window === 'undefined' || !('PublicKeyCredential' in window)) return null;
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await signInWithPasskey());
      onSuccess();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="form">
      <button type="button" className="btn" disabled={busy} onClick={() => void go()}>
        Continue with a passkey
      </button>
      <InlineError error={error} />
    </div>
  );
}
