import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { fieldErrors, TextField } from '@/components/field';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/states';
import type {
  ApiTokenView as ApiToken,
  CreatedApiTokenView as CreatedApiToken,
  TokenScope,
} from '@/lib/api/generated/openapi';
import { formatDate } from '@/lib/format';
import { useCreateToken, useDeleteToken, useTokens } from './api';
import { createTokenSchema } from './schema';
import { scopeLabel } from '@/lib/labels';

export function TokensPage() {
  const tokens = useTokens();
  const create = useCreateToken();
  const remove = useDeleteToken();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [toDelete, setToDelete] = useState<ApiToken | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const parsed = createTokenSchema.safeParse({
      name: data.get('name'),
      scopes: data.getAll('scopes'),
      expiresInDays: data.get('expiresInDays') ?? '',
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const { name, scopes, expiresInDays } = parsed.data;
    create.mutate(
      {
        name,
        scopes: scopes as TokenScope[],
        ...(typeof expiresInDays === 'number' ? { expiresInDays } : {}),
      },
      {
        onSuccess: (t) => {
          setCreated(t);
          form.reset();
        },
      },
    );
  };

  return (
    <section className="page" aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p className="muted">
        Personal tokens let scripts and CI call the API as you. Send them as a Bearer token.
      </p>
      <form className="form card" onSubmit={submit} noValidate aria-labelledby="new-token-title">
        <h2 id="new-token-title">New token</h2>
        <TextField label="Name" name="name" error={errors.name} />
        <fieldset className="fieldset" aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
          <legend>Scopes</legend>
          <label className="check">
            <input type="checkbox" name="scopes" value="read" defaultChecked /> Read
          </label>
          <label className="check">
            <input type="checkbox" name="scopes" value="write" /> Write
          </label>
          {errors.scopes && (
            <p className="field-error" id="scopes-error">
              {errors.scopes}
            </p>
          )}
        </fieldset>
        <TextField
          label="Expires in (days)"
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          hint="Leave empty for no expiry."
          error={errors.expiresInDays}
        />
        <InlineError error={create.error} />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {created && (
        <div className="card card-success" role="status">
          <p>
            Token <strong>{created.name}</strong> created. Copy it now — it will not be shown again.
          </p>
          <code className="secret">{created.token}</code>
          <button
            type="button"
            className="btn"
            onClick={() => void navigator.clipboard?.writeText(created.token)}
          >
            Copy token
          </button>
        </div>
      )}
      <h2>Your tokens</h2>
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No API tokens yet." />
      ) : (
        <ul className="card-list">
          {tokens.data.map((t) => (
            <li key={t.id} className="card">
              <div>
                <p className="card-title">{t.name}</p>
                <p className="muted">
                  {t.scopes.map(scopeLabel).join(', ')} · created {formatDate(t.createdAt)} · last used{' '}
                  {formatDate(t.lastUsedAt)} · expires {t.expiresAt ? formatDate(t.expiresAt) : 'never'}
                </p>
              </div>
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => setToDelete(t)}
                aria-label={`Revoke ${t.name}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={toDelete !== null}
        onOpenChange={(o) => !o && setToDelete(null)}
        title="Revoke token?"
        description={`Scripts using "${toDelete?.name ?? ''}" will stop working.`}
        confirmLabel="Revoke"
        pending={remove.isPending}
        error={<InlineError error={remove.error} />}
        onConfirm={() =>
          toDelete &&
          remove.mutate(toDelete.id, {
            onSuccess: () => {
              // A revoked token's secret must not stay on screen (it no longer works, and should not be copied).
              if (created?.id === toDelete.id) setCreated(null);
              setToDelete(null);
            },
          })
        }
      />
    </section>
  );
}
