import { useState, type FormEvent } from 'react';
import { fieldErrors, TextField } from '@/components/field';
import { InlineError } from '@/components/states';
import { deviceLabel } from '@/lib/device-label';
import { isMfaChallenge, type MfaChallenge } from '@/features/account/http';
import { useLogin } from '../api';
import { signInSchema } from '../schema';
import { MfaStep } from './mfa-step';

export function SignInForm({ onSuccess }: { onSuccess: () => void }) {
  const login = useLogin();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const parsed = signInSchema.safeParse({ email: data.get('email'), password: data.get('password') });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    login.mutate(
      { ...parsed.data, deviceLabel: deviceLabel() },
      // An account with a second factor answers a challenge instead of a session.
      { onSuccess: (res) => (isMfaChallenge(res) ? setChallenge(res) : onSuccess()) },
    );
  };

  if (challenge) return <MfaStep challenge={challenge} onSuccess={onSuccess} />;

  return (
    <form onSubmit={submit} noValidate className="form">
      <TextField label="Email" name="email" type="email" autoComplete="username" error={errors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={errors.password}
      />
      <InlineError error={login.error} />
      <button type="submit" className="btn btn-primary" disabled={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
