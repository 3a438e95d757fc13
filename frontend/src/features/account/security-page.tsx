import { useEffect, useState, type FormEvent } from 'react';
import { TextField } from '@/components/field';
import { ErrorState, InlineError, Loading } from '@/components/states';
import { formatDate } from '@/lib/format';
import { accountApi, useSecurity, useSecurityMutation } from './api';
import { addPasskey } from './passkey';

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div role="status">
      <p>
        Recovery codes: keep them somewhere safe. Each signs you in once if you lose your phone; they are
        shown only now.
      </p>
      <ul aria-label="Recovery codes" className="mono">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}

function TotpSetup() {
  const setup = useSecurityMutation(accountApi.totpSetup);
  const confirm = useSecurityMutation(accountApi.totpConfirm);
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (!setup.data) return;
    void import('qrcode').then((q) =>
      q.toDataURL(setup.data.otpauthUrl, { margin: 1, width: 200 }).then(setQr),
    );
  }, [setup.data]);

  if (confirm.data) return <RecoveryCodes codes={confirm.data.recoveryCodes} />;
  if (!setup.data)
    return (
      <>
        <button type="button" className="btn btn-primary" onClick={() => setup.mutate(undefined)}>
          Set up an authenticator app
        </button>
        <InlineError error={setup.error} />
      </>
    );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    confirm.mutate(String(new FormData(e.currentTarget).get('code') ?? '').trim());
  };
  return (
    <form onSubmit={submit} className="form">
      <p>Scan this code with your authenticator app, then enter the 6 digits it shows.</p>
      {qr && <img src={qr} alt="QR code for the authenticator app" width={200} height={200} />}
      <p className="muted">
        Or type the key: <code data-testid="totp-secret">{setup.data.secret}</code>
      </p>
      <TextField label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" />
      <InlineError error={confirm.error} />
      <button type="submit" className="btn btn-primary" disabled={confirm.isPending}>
        Turn on
      </button>
    </form>
  );
}

function PasswordAction({ label, run }: { label: string; run: (password: string) => Promise<unknown> }) {
  const m = useSecurityMutation(run);
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    m.mutate(String(new FormData(e.currentTarget).get('password') ?? ''));
  };
  const codes = (m.data as { recoveryCodes?: string[] } | undefined)?.recoveryCodes;
  return codes ? (
    <RecoveryCodes codes={codes} />
  ) : (
    <form onSubmit={submit} className="form">
      <TextField label="Your password" name="password" type="password" autoComplete="current-password" />
      <InlineError error={m.error} />
      <button type="submit" className="btn btn-danger" disabled={m.isPending}>
        {label}
      </button>
    </form>
  );
}

function Passkeys({
  list,
}: {
  list: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
}) {
  const add = useSecurityMutation((name: string) => addPasskey(name));
  const remove = useSecurityMutation(accountApi.passkeyRemove);
  const [name, setName] = useState('');
  return (
    <>
      <ul aria-label="Passkeys">
        {list.map((p) => (
          <li key={p.id}>
            {p.name} · added {formatDate(p.createdAt)}
            {p.lastUsedAt ? ` · last used ${formatDate(p.lastUsedAt)}` : ''}{' '}
            <button type="button" className="btn btn-link" onClick={() => remove.mutate(p.id)}>
              Remove<span className="visually-hidden"> {p.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="form">
        <TextField
          label="Passkey name"
          name="passkey-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="button"
          className="btn"
          disabled={add.isPending}
          onClick={() => add.mutate(name || 'Passkey')}
        >
          Add a passkey
        </button>
        {add.isSuccess && <p role="status">Passkey added.</p>}
        <InlineError error={add.error ?? remove.error} />
      </div>
    </>
  );
}

function ChangePassword() {
  const change = useSecurityMutation((v: { current: string; next: string }) =>
    accountApi.changePassword(v.current, v.next),
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    change.mutate({ current: String(data.get('current') ?? ''), next: String(data.get('next') ?? '') });
  };
  return change.isSuccess ? (
    <p role="status">Password changed. Your other devices were signed out.</p>
  ) : (
    <form onSubmit={submit} className="form">
      <TextField label="Current password" name="current" type="password" autoComplete="current-password" />
      <TextField
        label="New password"
        name="next"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters. Other devices are signed out."
      />
      <InlineError error={change.error} />
      <button type="submit" className="btn" disabled={change.isPending}>
        Change password
      </button>
    </form>
  );
}

/** Security settings: authenticator app + recovery codes, passkeys, mail notifications. */
export function SecurityPage() {
  const security = useSecurity();
  const notify = useSecurityMutation(accountApi.notifications);
  if (security.isPending) return <Loading />;
  if (security.isError) return <ErrorState error={security.error} onRetry={() => void security.refetch()} />;
  const s = security.data;
  return (
    <section className="page" aria-labelledby="security-title">
      <h1 id="security-title">Security</h1>
      {s.adminMfaRequired && (
        <p role="alert">
          This server requires administrators to use a second factor: set one up, then sign in again to get
          your admin rights.
        </p>
      )}
      <p>
        Email: {s.email} {s.emailVerified ? '(confirmed)' : '(not confirmed yet)'}
      </p>
      <h2>Password</h2>
      <ChangePassword />
      <h2>Authenticator app</h2>
      {s.totp ? (
        <>
          <p>On. {s.recoveryCodesLeft} recovery codes left.</p>
          <PasswordAction label="New recovery codes" run={accountApi.recoveryCodes} />
          <PasswordAction label="Turn off the authenticator app" run={accountApi.totpDisable} />
        </>
      ) : (
        <TotpSetup />
      )}
      <h2>Passkeys</h2>
      <Passkeys list={s.passkeys} />
      <h2>Notifications</h2>
      {s.mailAvailable ? (
        <label>
          <input
            type="checkbox"
            checked={s.notifications.taskWaiting}
            onChange={(e) => notify.mutate(e.target.checked)}
          />{' '}
          Email me when one of my tasks waits for my answer
        </label>
      ) : (
        <p className="muted">This server cannot send mail, so there are no email notifications.</p>
      )}
      <InlineError error={notify.error} />
    </section>
  );
}
