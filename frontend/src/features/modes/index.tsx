import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmDialog, Dialog } from '@/components/dialog';
import { ErrorState, InlineError, Loading } from '@/components/states';
import { hasRole, useWorkspace } from '@/features/workspaces/api';
import { errorMessage } from '@/lib/errors';
import { exportModes, useDeleteMode, useModeConfigs, type ModeConfig } from './api';
import { describeGroups } from './groups';
import { ImportForm } from './import-form';
import { ModeForm } from './mode-form';

/** Offers text as a file download (the export answer carries the file's text). */
function download(filename: string, contentType: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

export function ModesPage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/modes' });
  const workspace = useWorkspace(ws);
  const modes = useModeConfigs(ws);
  const remove = useDeleteMode(ws);
  const [editing, setEditing] = useState<ModeConfig | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [toDelete, setToDelete] = useState<ModeConfig | null>(null);
  const [exportError, setExportError] = useState('');
  const canAdmin = hasRole(workspace.data?.role, 'admin');

  const onExport = async (format: 'yaml' | 'json') => {
    setExportError('');
    try {
      const file = await exportModes(ws, format, false);
      download(format === 'json' ? '.roomodes.json' : file.filename, file.contentType, file.content);
    } catch (e) {
      setExportError(errorMessage(e));
    }
  };

  return (
    <section className="page" aria-labelledby="modes-title">
      <div className="page-header">
        <h2 id="modes-title">Modes</h2>
        <div className="row">
          {canAdmin && (
            <>
              <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
                New mode
              </button>
              <button type="button" className="btn" onClick={() => setImporting(true)}>
                Import .roomodes
              </button>
            </>
          )}
          <button type="button" className="btn" onClick={() => void onExport('yaml')}>
            Export YAML
          </button>
          <button type="button" className="btn" onClick={() => void onExport('json')}>
            Export JSON
          </button>
        </div>
      </div>
      <p className="muted">
        Custom modes use Roo Code&apos;s format: export them as a <code>.roomodes</code> file for the
        extension, or import one from a project.
      </p>
      {exportError && (
        <p className="field-error" role="alert">
          {exportError}
        </p>
      )}
      {modes.isPending ? (
        <Loading />
      ) : modes.isError ? (
        <ErrorState error={modes.error} onRetry={() => void modes.refetch()} />
      ) : (
        <ul className="card-list">
          {modes.data.map((m) => (
            <li key={m.slug} className="card card-stack">
              <div>
                <p className="card-title">
                  {m.name} <code>{m.slug}</code> {m.builtIn && <span className="badge">built-in</span>}
                </p>
                {m.whenToUse && <p className="muted">{m.whenToUse}</p>}
                <p className="muted">Tools: {describeGroups(m.groups)}</p>
              </div>
              {canAdmin && (
                <div className="row">
                  <button
                    type="button"
                    className="btn"
                    onClick={() => setEditing(m)}
                    aria-label={m.builtIn ? `Copy ${m.name} into a new mode` : `Edit ${m.name}`}
                  >
                    {m.builtIn ? 'Copy' : 'Edit'}
                  </button>
                  {!m.builtIn && (
                    <button
                      type="button"
                      className="btn btn-danger"
                      onClick={() => setToDelete(m)}
                      aria-label={`Delete ${m.name}`}
                    >
                      Delete
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={editing !== null}
        onOpenChange={(o) => !o && setEditing(null)}
        title={
          editing === 'new'
            ? 'New mode'
            : editing?.builtIn
              ? `Copy of ${editing.name}`
              : `Edit ${editing?.name ?? ''}`
        }
      >
        {editing !== null && (
          <ModeForm ws={ws} mode={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        )}
      </Dialog>
      <Dialog open={importing} onOpenChange={setImporting} title="Import custom modes">
        {importing && <ImportForm ws={ws} />}
      </Dialog>
      <ConfirmDialog
        open={toDelete !== null}
        onOpenChange={(o) => !o && setToDelete(null)}
        title={`Delete ${toDelete?.name ?? ''}?`}
        description="Tasks in this mode can no longer run or resume."
        confirmLabel="Delete"
        pending={remove.isPending}
        error={<InlineError error={remove.error} />}
        onConfirm={() => toDelete && remove.mutate(toDelete.slug, { onSuccess: () => setToDelete(null) })}
      />
    </section>
  );
}
