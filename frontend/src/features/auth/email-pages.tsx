import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useMutation } from '@tanstack/react-query';
import { TextField } from '@/components/field';
import { InlineError } from '@/components/states';
import { accountApi, useCapabilities, useSignedIn } from '@/features/account/api';
import { isMfaChallenge, type MfaChallenge } from '@/features/account/http';
import { MfaStep } from './components/mfa-step';

export function ForgotPasswordPage() {
  const caps = useCapabilities();
  const forgot = useMutation({ mutationFn: accountApi.forgot });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    forgot.mutate(String(new FormData(e.currentTarget).get('email') ?? '').trim());
  };
  return (
    <main id="main" className="page page-narrow auth-page">
      <h1>Reset your password</h1>
      {caps.data && !caps.data.mail ? (
        <p role="alert">
          This server cannot send mail, so passwords cannot be reset by email. Ask your administrator.
        </p>
      ) : forgot.isSuccess ? (
        <p role="status">
          If an account uses this address, we sent it a link. It works once, for a short while.
        </p>
      ) : (
        <form onSubmit={submit} noValidate className="form">
          <TextField label="Email" name="email" type="email" autoComplete="username" />
          <InlineError error={forgot.error} />
          <button type="submit" className="btn btn-primary" disabled={forgot.isPending}>
            Send me a link
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign-in</Link>
      </p>
    </main>
  );
}

export function ResetPasswordPage() {
  const { token } = useSearch({ from: '/reset-password' });
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation({
    mutationFn: (password: string) => accountApi.reset(token ?? '', password),
    onSuccess: (res) => {
      if (isMfaChallenge(res)) setChallenge(res);
      else {
        signedIn(res);
        void navigate({ to: '/workspaces' });
      }
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const password = String(data.get('password') ?? '');
    const ok = password === String(data.get('confirm') ?? '') && password.length >= 10;
    setMismatch(!ok);
    if (ok) reset.mutate(password);
  };
  return (
    <main id="main" className="page page-narrow auth-page">
      <h1>Choose a new password</h1>
      {challenge ? (
        <MfaStep challenge={challenge} onSuccess={() => void navigate({ to: '/workspaces' })} />
      ) : (
        <form onSubmit={submit} noValidate className="form">
          <TextField label="New password" name="password" type="password" autoComplete="new-password" />
          <TextField
            label="New password again"
            name="confirm"
            type="password"
            autoComplete="new-password"
            error={mismatch ? 'Use at least 10 characters, the same twice.' : undefined}
          />
          <p className="muted">Setting a new password signs you out on every device.</p>
          <InlineError error={reset.error} />
          <button type="submit" className="btn btn-primary" disabled={reset.isPending || !token}>
            Set the new password
          </button>
        </form>
      )}
      {reset.isError && (
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </main>
  );
}

export function VerifyEmailPage() {
  const { token } = useSearch({ from: '/verify-email' });
  const verify = useMutation({ mutationFn: () => accountApi.verifyEmail(token ?? '') });
  return (
    <main id="main" className="page page-narrow auth-page">
      <h1>Confirm your email address</h1>
      {verify.isSuccess ? (
        <p role="status">Thank you: {verify.data.email} is confirmed.</p>
      ) : (
        <button
          type="button"
          className="btn btn-primary"
          disabled={!token || verify.isPending}
          onClick={() => verify.mutate()}
        >
          Confirm my address
        </button>
      )}
      <InlineError error={verify.error} />
      <p>
        <Link to="/sign-in">Go to sign-in</Link>
      </p>
    </main>
  );
}
