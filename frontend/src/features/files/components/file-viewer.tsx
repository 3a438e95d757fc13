import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorState, InlineError, Loading } from '@/components/states';
import { UnsavedChangesGuard } from '@/components/unsaved-changes-guard';
import { errorMessage } from '@/lib/errors';
import { downloadFile, useDeleteFile, useFileContent, useSaveFile } from '../api';
import { RenameDialog } from './rename-dialog';

const CodeEditor = lazy(() => import('@/components/code-editor').then((m) => ({ default: m.CodeEditor })));

interface FileViewerProps {
  ws: string;
  path: string;
  canEdit: boolean;
  onPathChange: (path: string | undefined) => void;
}

export function FileViewer({ ws, path, canEdit, onPathChange }: FileViewerProps) {
  const content = useFileContent(ws, path);
  const save = useSaveFile(ws);
  const remove = useDeleteFile(ws);
  const [draft, setDraft] = useState<{ path: string; text: string } | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  const text = draft?.path === path ? draft.text : (content.data?.text ?? '');
  const dirty = draft?.path === path && draft.text !== content.data?.text;
  // Set just before leaving on purpose (the file was deleted): nothing left to keep.
  const discarding = useRef(false);
  const stayOnFile = useCallback(
    (current: { pathname: string; search: unknown }, next: { pathname: string; search: unknown }) =>
      discarding.current ||
      (current.pathname === next.pathname && searchPath(current.search) === searchPath(next.search)),
    [],
  );

  return (
    <section className="file-viewer" aria-labelledby="file-title">
      <div className="file-toolbar">
        <h2 id="file-title" className="file-title" tabIndex={-1}>
          {path}
          {dirty && <span className="badge badge-warning">unsaved</span>}
        </h2>
        <div className="row">
          {canEdit && content.data && !content.data.binary && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={!dirty || save.isPending}
              onClick={() => save.mutate({ path, text }, { onSuccess: () => setDraft(null) })}
            >
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
          )}
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDownloadError(null);
              downloadFile(ws, path).catch((e: unknown) => setDownloadError(errorMessage(e)));
            }}
          >
            Download
          </button>
          {canEdit && (
            <>
              <button type="button" className="btn" onClick={() => setRenaming(true)}>
                Rename
              </button>
              <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
                Delete
              </button>
            </>
          )}
        </div>
      </div>
      <InlineError error={save.error} />
      {downloadError && (
        <p role="alert" className="inline-error">
          {downloadError}
        </p>
      )}
      {save.isSuccess && !dirty && (
        <p role="status" className="muted">
          Saved.
        </p>
      )}
      {content.isPending ? (
        <Loading label="Loading file…" />
      ) : content.isError ? (
        <ErrorState error={content.error} onRetry={() => void content.refetch()} />
      ) : content.data.binary ? (
        <p className="muted">This file is binary ({content.data.contentType}); download it to view.</p>
      ) : (
        <Suspense fallback={<Loading label="Loading editor…" />}>
          <CodeEditor
            path={path}
            value={text}
            readOnly={!canEdit}
            label={`Contents of ${path}${canEdit ? '' : ' (read-only)'}`}
            onChange={(t) => setDraft({ path, text: t })}
          />
        </Suspense>
      )}
      <UnsavedChangesGuard when={dirty} what={`your changes to ${path}`} allow={stayOnFile} />
      <RenameDialog ws={ws} path={path} open={renaming} onOpenChange={setRenaming} onRenamed={onPathChange} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${path}?`}
        description="The file is removed from the workspace."
        confirmLabel="Delete"
        pending={remove.isPending}
        error={<InlineError error={remove.error} />}
        onConfirm={() =>
          remove.mutate(path, {
            onSuccess: () => {
              setDeleting(false);
              discarding.current = true;
              onPathChange(undefined);
            },
          })
        }
      />
    </section>
  );
}

function searchPath(search: unknown): string | undefined {
  return typeof search === 'object' && search !== null && 'path' in search && typeof search.path === 'string'
    ? search.path
    : undefined;
}
