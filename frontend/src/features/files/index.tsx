import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { ArrowLeft } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { hasRole, useWorkspace } from '@/features/workspaces/api';
import { useMediaQuery } from '@/lib/use-media-query';
import { ExportButton } from './components/export-button';
import { FileTree } from './components/file-tree';
import { FileViewer } from './components/file-viewer';
import { UploadZone } from './components/upload-zone';
import { parentPrefix } from './schema';

/** Where the tree and the viewer sit side by side (styles.css .files-layout). */
const SIDE_BY_SIDE = '(min-width: 900px)';

export function FilesPage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/files' });
  const { path } = useSearch({ from: '/authed/workspaces/$ws/files' });
  const navigate = useNavigate({ from: '/workspaces/$ws/files' });
  const workspace = useWorkspace(ws);
  const canEdit = hasRole(workspace.data?.role, 'member');
  const wide = useMediaQuery(SIDE_BY_SIDE);
  const picked = useRef(false);
  const viewer = useRef<HTMLDivElement>(null);
  const select = (p: string | undefined) => {
    picked.current = p !== undefined;
    void navigate({ search: { path: p } });
  };

  // On a phone the viewer is a view of its own: after picking a file, show it from its top and move
  // focus to its name (the tree button that had focus is gone).
  useEffect(() => {
    if (wide || !path || !picked.current) return;
    picked.current = false;
    viewer.current?.scrollIntoView?.({ block: 'start' }); // jsdom has none
    viewer.current?.querySelector<HTMLElement>('#file-title')?.focus({ preventScroll: true });
  }, [path, wide]);

  const single = !wide && path !== undefined;

  return (
    <section className="page files-page" aria-labelledby="files-title">
      <h2 id="files-title" className="visually-hidden">
        Files
      </h2>
      <div className="files-layout">
        {!single && (
          <div className="files-side">
            {canEdit && <UploadZone ws={ws} prefix={path ? parentPrefix(path) : ''} />}
            <ExportButton ws={ws} />
            {path && parentPrefix(path) && <ExportButton ws={ws} prefix={parentPrefix(path)} />}
            <nav aria-label="File tree">
              <FileTree ws={ws} selected={path} onSelect={select} />
            </nav>
          </div>
        )}
        <div className="files-main" ref={viewer}>
          {single && (
            <p className="files-back">
              <Link from="/workspaces/$ws/files" search={{ path: undefined }}>
                <ArrowLeft aria-hidden="true" size={18} /> All files
              </Link>
            </p>
          )}
          {path ? (
            <FileViewer key={path} ws={ws} path={path} canEdit={canEdit} onPathChange={select} />
          ) : (
            <p className="muted">Pick a file to view it.</p>
          )}
        </div>
      </div>
    </section>
  );
}
