import { FileText, Folder, FolderOpen } from 'lucide-react';
import { useState } from 'react';
import { ErrorState, Loading } from '@/components/states';
import { formatBytes } from '@/lib/format';
import { useFolder } from '../api';
import { baseName } from '../schema';

interface TreeProps {
  ws: string;
  selected: string | undefined;
  onSelect: (path: string) => void;
}

/** A lazily loaded folder tree: each folder is a disclosure button that loads its children when opened. */
export function FileTree({ ws, selected, onSelect }: TreeProps) {
  return (
    <div className="file-tree">
      <FolderContents ws={ws} prefix="" selected={selected} onSelect={onSelect} depth={0} />
    </div>
  );
}

function FolderContents({
  ws,
  prefix,
  selected,
  onSelect,
  depth,
}: TreeProps & { prefix: string; depth: number }) {
  const folder = useFolder(ws, prefix);
  if (folder.isPending) return <Loading label="Loading files…" />;
  if (folder.isError) return <ErrorState error={folder.error} onRetry={() => void folder.refetch()} />;
  const { folders, items } = folder.data;
  if (depth === 0 && folders.length === 0 && items.length === 0) {
    return <p className="muted">No files yet. Upload some or import an archive.</p>;
  }
  return (
    <ul className="tree-list">
      {folders.map((f) => (
        <FolderNode key={f} ws={ws} prefix={f} selected={selected} onSelect={onSelect} depth={depth + 1} />
      ))}
      {items.map((file) => (
        <li key={file.path}>
          <button
            type="button"
            className="tree-item tree-file"
            aria-current={selected === file.path ? 'true' : undefined}
            onClick={() => onSelect(file.path)}
          >
            <FileText aria-hidden="true" size={18} className="tree-icon" /> {baseName(file.path)}
            <span className="muted tree-size">{formatBytes(file.size)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function FolderNode(props: TreeProps & { prefix: string; depth: number }) {
  const startsOpen = props.selected?.startsWith(props.prefix) ?? false;
  const [open, setOpen] = useState(startsOpen);
  return (
    <li>
      <button
        type="button"
        className="tree-item tree-folder"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? (
          <FolderOpen aria-hidden="true" size={18} className="tree-icon" />
        ) : (
          <Folder aria-hidden="true" size={18} className="tree-icon" />
        )}{' '}
        {baseName(props.prefix)}
      </button>
      {open && <FolderContents {...props} />}
    </li>
  );
}
