import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { hasRole, useWorkspace } from '@/features/workspaces/api';
import { ExportButton } from './components/export-button';
import { FileTree } from './components/file-tree';
import { FileViewer } from './components/file-viewer';
import { UploadZone } from './components/upload-zone';
import { parentPrefix } from './schema';

export function FilesPage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/files' });
  const { path } = useSearch({ from: '/authed/workspaces/$ws/files' });
  const navigate = useNavigate({ from: '/workspaces/$ws/files' });
  const workspace = useWorkspace(ws);
  const canEdit = hasRole(workspace.data?.role, 'member');
  const select = (p: string | undefined) => void navigate({ search: { path: p } });

  return (
    <section className="page files-page" aria-labelledby="files-title">
      <h2 id="files-title" className="visually-hidden">
        Files
      </h2>
      <div className="files-layout">
        <div className="files-side">
          {canEdit && <UploadZone ws={ws} prefix={path ? parentPrefix(path) : ''} />}
          <ExportButton ws={ws} />
          {path && parentPrefix(path) && <ExportButton ws={ws} prefix={parentPrefix(path)} />}
          <nav aria-label="File tree">
            <FileTree ws={ws} selected={path} onSelect={select} />
          </nav>
        </div>
        <div className="files-main">
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
