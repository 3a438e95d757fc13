import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmDialog, Dialog } from '@/components/dialog';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/states';
import { hasRole, useWorkspace } from '@/features/workspaces/api';
import type { ProviderView as ProviderProfile, ProviderTestResult } from '@/lib/api/generated/openapi';
import { errorMessage } from '@/lib/errors';
import { useDeleteProvider, useProviders, useTestProvider } from './api';
import { ProviderForm } from './components/provider-form';
import { humanize } from '@/lib/labels';

export function ProvidersPage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/providers' });
  const workspace = useWorkspace(ws);
  const providers = useProviders(ws);
  const remove = useDeleteProvider(ws);
  const [editing, setEditing] = useState<ProviderProfile | 'new' | null>(null);
  const [toDelete, setToDelete] = useState<ProviderProfile | null>(null);
  const canAdmin = hasRole(workspace.data?.role, 'admin');
  const canTest = hasRole(workspace.data?.role, 'member');

  return (
    <section className="page" aria-labelledby="providers-title">
      <div className="page-header">
        <h2 id="providers-title">Provider profiles</h2>
        {canAdmin && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            Add provider
          </button>
        )}
      </div>
      {providers.isPending ? (
        <Loading />
      ) : providers.isError ? (
        <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
      ) : providers.data.length === 0 ? (
        <EmptyState title="No provider profiles yet.">
          <p>Add an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM) or Anthropic to run tasks.</p>
        </EmptyState>
      ) : (
        <ul className="card-list">
          {providers.data.map((p) => (
            <li key={p.id} className="card card-stack">
              <div>
                <p className="card-title">{p.name}</p>
                <p className="muted">
                  {humanize(p.kind)} · {p.model}
                  {p.baseUrl && ` · ${p.baseUrl}`} · key {p.apiKeyHint ?? 'not set'}
                </p>
              </div>
              <div className="row">
                {canTest && <TestButton ws={ws} profile={p} />}
                {canAdmin && (
                  <>
                    <button
                      type="button"
                      className="btn"
                      onClick={() => setEditing(p)}
                      aria-label={`Edit ${p.name}`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="btn btn-danger"
                      onClick={() => setToDelete(p)}
                      aria-label={`Delete ${p.name}`}
                    >
                      Delete
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={editing !== null}
        onOpenChange={(o) => !o && setEditing(null)}
        title={editing === 'new' ? 'Add provider' : `Edit ${editing?.name ?? ''}`}
      >
        {editing !== null && (
          <ProviderForm
            ws={ws}
            profile={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={toDelete !== null}
        onOpenChange={(o) => !o && setToDelete(null)}
        title={`Delete ${toDelete?.name ?? ''}?`}
        description="Tasks that use this profile can no longer run or resume."
        confirmLabel="Delete"
        pending={remove.isPending}
        error={<InlineError error={remove.error} />}
        onConfirm={() => toDelete && remove.mutate(toDelete.id, { onSuccess: () => setToDelete(null) })}
      />
    </section>
  );
}

function TestButton({ ws, profile }: { ws: string; profile: ProviderProfile }) {
  const test = useTestProvider(ws);
  const result: ProviderTestResult | undefined = test.data;
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => test.mutate(profile.id)}
        disabled={test.isPending}
        aria-label={`Test connection of ${profile.name}`}
      >
        {test.isPending ? 'Testing…' : 'Test connection'}
      </button>
      <span role="status" className={result?.ok === false || test.isError ? 'field-error' : 'muted'}>
        {test.isError
          ? errorMessage(test.error)
          : result
            ? result.ok
              ? `Connected (${result.latencyMs} ms)`
              : `Failed: ${result.error ?? 'unknown error'}`
            : ''}
      </span>
    </>
  );
}
