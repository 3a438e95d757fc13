import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type DragEvent } from 'react';
import { errorMessage } from '@/lib/errors';
import { fileKeys, importArchive, uploadFile } from '../api';
import { filePathSchema } from '../schema';

interface UploadItem {
  id: string;
  name: string;
  progress: number;
  status: 'uploading' | 'done' | 'error';
  message?: string;
}

const ARCHIVE = /\.(zip|tar|tar\.gz|tgz)$/i;

/** Drag-and-drop (or pick) files to upload into `prefix`, with per-file progress; archives can be imported. */
export function UploadZone({ ws, prefix }: { ws: string; prefix: string }) {
  const qc = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const archiveInput = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const archiveId = useId();

  const patch = (id: string, change: Partial<UploadItem>) =>
    setItems((list) => list.map((i) => (i.id === id ? { ...i, ...change } : i)));

  const run = async (file: File, kind: 'file' | 'archive') => {
    const id = `${Date.now()}-${Math.random()}`;
    const relative = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
    const path = `${prefix}${relative}`;
    setItems((list) => [
      ...list,
      { id, name: kind === 'archive' ? `${file.name} (import)` : path, progress: 0, status: 'uploading' },
    ]);
    try {
      if (kind === 'file') {
        const checked = filePathSchema.safeParse(path);
        if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'Invalid path');
        await uploadFile(ws, path, file, (p) => patch(id, { progress: p }));
        patch(id, { status: 'done', progress: 1 });
      } else {
        const res = await importArchive(ws, prefix, file, (p) => patch(id, { progress: p }));
        patch(id, { status: 'done', progress: 1, message: `${res.imported} files imported` });
      }
    } catch (err) {
      patch(id, { status: 'error', message: errorMessage(err) });
    } finally {
      void qc.invalidateQueries({ queryKey: fileKeys.all(ws) });
    }
  };

  const onFiles = (files: FileList | null, kind: 'file' | 'archive') => {
    for (const f of Array.from(files ?? [])) void run(f, kind);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    for (const f of Array.from(e.dataTransfer.files)) void run(f, 'file');
  };

  return (
    <div className="upload">
      {/* Dropping is a pointer shortcut; the two buttons inside are the keyboard path (jsx-a11y: drag events only). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
      <div
        role="region"
        aria-label="Upload files"
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <p>
          Drop files here to upload to <code>{prefix || '/'}</code>
        </p>
        <div className="row">
          <label htmlFor={inputId} className="btn">
            Choose files
          </label>
          <input
            id={inputId}
            ref={fileInput}
            type="file"
            multiple
            className="visually-hidden"
            onChange={(e) => {
              onFiles(e.target.files, 'file');
              e.target.value = '';
            }}
          />
          <label htmlFor={archiveId} className="btn">
            Import archive
          </label>
          <input
            id={archiveId}
            ref={archiveInput}
            type="file"
            accept=".zip,.tar,.tar.gz,.tgz"
            className="visually-hidden"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f && ARCHIVE.test(f.name)) void run(f, 'archive');
              e.target.value = '';
            }}
          />
        </div>
      </div>
      {items.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {items.map((i) => (
            <li key={i.id}>
              <span className="upload-name">{i.name}</span>
              <progress max={1} value={i.progress} aria-label={`Upload of ${i.name}`} />
              <span
                role={i.status === 'error' ? 'alert' : undefined}
                className={i.status === 'error' ? 'field-error' : 'muted'}
              >
                {i.status === 'uploading'
                  ? `${Math.round(i.progress * 100)}%`
                  : i.status === 'done'
                    ? (i.message ?? 'Uploaded')
                    : i.message}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
