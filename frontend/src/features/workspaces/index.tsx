import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Dialog } from '@/components/dialog';
import { fieldErrors, TextArea, TextField } from '@/components/field';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/states';
import { useCreateWorkspace, useWorkspaces } from './api';
import { PendingInvitations } from './pending-invitations';
import { workspaceSchema } from './schema';
import { roleLabel } from '@/lib/labels';

export function WorkspacesPage() {
  const workspaces = useWorkspaces();
  const [open, setOpen] = useState(false);

  return (
    <section className="page" aria-labelledby="ws-title">
      <div className="page-header">
        <h1 id="ws-title">Workspaces</h1>
        <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
          New workspace
        </button>
      </div>
      <PendingInvitations />
      {workspaces.isPending ? (
        <Loading />
      ) : workspaces.isError ? (
        <ErrorState error={workspaces.error} onRetry={() => void workspaces.refetch()} />
      ) : workspaces.data.length === 0 ? (
        <EmptyState title="No workspaces yet.">
          <p>A workspace holds a project's files, provider profiles and tasks.</p>
        </EmptyState>
      ) : (
        <ul className="card-list">
          {workspaces.data.map((w) => (
            <li key={w.id} className="card">
              <div>
                <Link to="/workspaces/$ws/tasks" params={{ ws: w.id }} className="card-title card-link">
                  {w.name}
                </Link>
                {w.description && <p className="muted">{w.description}</p>}
              </div>
              <span className="badge">{roleLabel(w.role)}</span>
            </li>
          ))}
        </ul>
      )}
      <CreateWorkspaceDialog open={open} onOpenChange={setOpen} />
    </section>
  );
}

function CreateWorkspaceDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const create = useCreateWorkspace();
  const navigate = useNavigate();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const parsed = workspaceSchema.safeParse({
      name: data.get('name'),
      description: data.get('description') || undefined,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (ws) => {
        onOpenChange(false);
        void navigate({ to: '/workspaces/$ws/files', params: { ws: ws.id }, search: { path: undefined } });
      },
    });
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New workspace">
      <form className="form" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" error={errors.name} />
        <TextArea label="Description" name="description" rows={3} error={errors.description} />
        <InlineError error={create.error} />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create workspace
        </button>
      </form>
    </Dialog>
  );
}
