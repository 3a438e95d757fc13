import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { SelectField, TextArea, TextField } from '@/components/field';
import { ErrorState, InlineError, Loading } from '@/components/states';
import type { GitLinkView as GitLink, LinkGitDto as GitLinkInput, Role } from '@/lib/api/generated/openapi';
import { formatDate } from '@/lib/format';
import { useGitLink, useImportBranch, useSetGitLink, useUnlinkGit } from './api';

type Forge = GitLink['forge'];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
const atLeast = (role: Role | undefined, min: Role) => role !== undefined && RANK[role] >= RANK[min];

/**
 * The workspace's git remote on the settings page: its linked state for everyone (never the secret,
 * only the server's hint), importing a branch for members, and the link form for admins (a token or
 * a deploy key; the server checks it against the remote before storing it sealed).
 */
export function GitLinkSettings({ ws, memberRole: role }: { ws: string; memberRole: Role | undefined }) {
  const link = useGitLink(ws);
  const [editing, setEditing] = useState(false);
  const isAdmin = atLeast(role, 'admin');

  return (
    <section className="card" aria-labelledby="git-title">
      <h3 id="git-title">Git remote</h3>
      {link.isPending ? (
        <Loading label="Loading git link…" />
      ) : link.isError ? (
        <ErrorState error={link.error} onRetry={() => void link.refetch()} />
      ) : (
        <>
          {link.data ? (
            <LinkedState link={link.data} />
          ) : (
            <p className="muted">Not linked to a git remote.</p>
          )}
          {link.data && atLeast(role, 'member') && <ImportBranch ws={ws} link={link.data} />}
          {isAdmin &&
            (editing || !link.data ? (
              <LinkForm
                ws={ws}
                current={link.data ?? null}
                onDone={() => setEditing(false)}
                onCancel={link.data ? () => setEditing(false) : undefined}
              />
            ) : (
              <div className="row wrap">
                <button type="button" className="btn" onClick={() => setEditing(true)}>
                  Change link
                </button>
                <Unlink ws={ws} />
              </div>
            ))}
        </>
      )}
    </section>
  );
}

function LinkedState({ link }: { link: GitLink }) {
  return (
    <dl className="git-link-state" aria-label="Linked remote">
      <dt>Remote</dt>
      <dd>
        <code>{link.url}</code>
      </dd>
      <dt>Credential</dt>
      <dd>
        {link.authKind === 'ssh_key'
          ? 'Deploy key (SSH)'
          : `Access token${link.username ? ` as ${link.username}` : ''}`}
        {link.secretHint && link.authKind === 'token' && <span className="muted"> ({link.secretHint})</span>}
      </dd>
      <dt>Default branch</dt>
      <dd>
        <code>{link.defaultBranch}</code>
      </dd>
      <dt>Pull requests</dt>
      <dd>
        {link.forge === 'none' ? 'off' : link.forge === 'github' ? 'GitHub' : 'GitLab'}
        {link.forgeApiUrl && <span className="muted"> ({link.forgeApiUrl})</span>}
      </dd>
      <dt>When a task completes</dt>
      <dd>
        {link.autoPush
          ? `commit and push its branch${link.autoPullRequest ? ', open a pull request' : ''}`
          : 'nothing (commit from the task view)'}
      </dd>
      <dt>Imported</dt>
      <dd>
        {link.importedBranch && link.importedCommit ? (
          <>
            <code>{link.importedBranch}</code> at <code>{link.importedCommit.slice(0, 10)}</code>
            {link.importedAt && <span className="muted"> · {formatDate(link.importedAt)}</span>}
          </>
        ) : (
          'not yet'
        )}
      </dd>
    </dl>
  );
}

function ImportBranch({ ws, link }: { ws: string; link: GitLink }) {
  const run = useImportBranch(ws);
  const [branch, setBranch] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate(branch.trim() || undefined);
  };
  const r = run.data;
  return (
    <form className="form git-import" onSubmit={submit}>
      <TextField
        label="Branch to import"
        name="branch"
        placeholder={link.defaultBranch}
        value={branch}
        onChange={(e) => setBranch(e.target.value)}
        hint="Its files are written into the workspace; files changed here since the last import are kept."
      />
      <button type="submit" className="btn" disabled={run.isPending}>
        {run.isPending ? 'Importing…' : 'Import branch'}
      </button>
      <InlineError error={run.error} />
      {r && (
        <div role="status">
          <p>
            Imported <code>{r.branch}</code> at <code>{r.commit.slice(0, 10)}</code>: {r.written.length}{' '}
            written, {r.deleted.length} deleted, {r.unchanged} unchanged.
          </p>
          {r.conflicts.length > 0 && (
            <p className="msg-error">Kept (changed in the workspace): {r.conflicts.join(', ')}</p>
          )}
          {r.skipped.length > 0 && (
            <p className="muted">Skipped: {r.skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}</p>
          )}
        </div>
      )}
    </form>
  );
}

function LinkForm({
  ws,
  current,
  onDone,
  onCancel,
}: {
  ws: string;
  current: GitLink | null;
  onDone: () => void;
  onCancel?: () => void;
}) {
  const save = useSetGitLink(ws);
  const [auth, setAuth] = useState<'token' | 'ssh_key'>(current?.authKind ?? 'token');

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const forge = text('forge');
    const input: GitLinkInput = {
      url: text('url'),
      ...(auth === 'token'
        ? { token: text('token'), ...(text('username') ? { username: text('username') } : {}) }
        : {
            sshPrivateKey: String(data.get('sshPrivateKey') ?? ''),
            ...(text('sshKnownHosts') ? { sshKnownHosts: text('sshKnownHosts') } : {}),
          }),
      ...(text('defaultBranch') ? { defaultBranch: text('defaultBranch') } : {}),
      ...(forge ? { forge: forge as Forge } : {}),
      ...(text('forgeApiUrl') ? { forgeApiUrl: text('forgeApiUrl') } : {}),
      autoPush: data.get('autoPush') === 'on',
      autoPullRequest: data.get('autoPullRequest') === 'on',
    };
    save.mutate(input, {
      onSuccess: () => {
        // The secret leaves the page once the server has it.
        form.reset();
        onDone();
      },
    });
  };

  return (
    <form className="form git-link-form" onSubmit={submit} aria-label="Link to a git remote">
      <TextField
        label="Repository URL"
        name="url"
        required
        defaultValue={current?.url ?? ''}
        placeholder="https://github.com/acme/app.git"
        autoComplete="off"
      />
      <fieldset className="fieldset">
        <legend>Credential</legend>
        <label className="check">
          <input
            type="radio"
            name="authKind"
            value="token"
            checked={auth === 'token'}
            onChange={() => setAuth('token')}
          />{' '}
          Access token (HTTPS)
        </label>
        <label className="check">
          <input
            type="radio"
            name="authKind"
            value="ssh_key"
            checked={auth === 'ssh_key'}
            onChange={() => setAuth('ssh_key')}
          />{' '}
          Deploy key (SSH)
        </label>
        {current && (
          <p className="field-hint">
            The stored credential is never shown; enter it again to change the link.
          </p>
        )}
        {auth === 'token' ? (
          <>
            <TextField label="Token" name="token" type="password" required autoComplete="off" />
            <TextField
              label="User name (optional)"
              name="username"
              defaultValue={current?.username ?? ''}
              autoComplete="off"
            />
          </>
        ) : (
          <>
            <TextArea label="Private key" name="sshPrivateKey" rows={4} required spellCheck={false} />
            <TextArea label="Known hosts (optional)" name="sshKnownHosts" rows={2} spellCheck={false} />
          </>
        )}
      </fieldset>
      <TextField
        label="Default branch (optional)"
        name="defaultBranch"
        defaultValue={current?.defaultBranch ?? ''}
        autoComplete="off"
      />
      <SelectField label="Pull requests on" name="forge" defaultValue={current?.forge ?? ''}>
        <option value="">Guess from the host</option>
        <option value="github">GitHub</option>
        <option value="gitlab">GitLab</option>
        <option value="none">None</option>
      </SelectField>
      <TextField
        label="Forge API URL (GitHub Enterprise, self-hosted GitLab; optional)"
        name="forgeApiUrl"
        defaultValue={current?.forgeApiUrl ?? ''}
        autoComplete="off"
      />
      <label className="check">
        <input type="checkbox" name="autoPush" defaultChecked={current?.autoPush ?? false} /> Commit and push
        a task&apos;s branch when it completes
      </label>
      <label className="check">
        <input type="checkbox" name="autoPullRequest" defaultChecked={current?.autoPullRequest ?? false} />{' '}
        Then open a pull request
      </label>
      <InlineError error={save.error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Checking the credential…' : current ? 'Save link' : 'Link'}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function Unlink({ ws }: { ws: string }) {
  const unlink = useUnlinkGit(ws);
  const [confirm, setConfirm] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-danger" onClick={() => setConfirm(true)}>
        Unlink
      </button>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Unlink the git remote?"
        description="The stored credential is deleted. The workspace's files stay as they are."
        confirmLabel="Unlink"
        pending={unlink.isPending}
        error={<InlineError error={unlink.error} />}
        onConfirm={() => unlink.mutate(undefined, { onSuccess: () => setConfirm(false) })}
      />
    </>
  );
}
