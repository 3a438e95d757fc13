import { useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { fieldErrors, TextArea, TextField } from '@/components/field';
import { ErrorState, InlineError, Loading } from '@/components/states';
import { GitLinkSettings } from '@/features/git/git-link-settings';
import { McpServersPanel } from '@/features/mcp/mcp-servers-panel';
import { hasRole, useDeleteWorkspace, useUpdateWorkspace, useWorkspace } from './api';
import { CommandSettingsEditor } from './command-settings';
import { roleLabel } from '@/lib/labels';
import { workspaceSchema } from './schema';

export function WorkspaceSettingsPage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/settings' });
  const workspace = useWorkspace(ws);
  const update = useUpdateWorkspace(ws);
  const remove = useDeleteWorkspace(ws);
  const navigate = useNavigate();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState(false);

  if (workspace.isPending) return <Loading />;
  if (workspace.isError) return <ErrorState error={workspace.error} />;
  const canEdit = hasRole(workspace.data.role, 'admin');

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const parsed = workspaceSchema.safeParse({
      name: data.get('name'),
      description: data.get('description') ?? '',
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    update.mutate(parsed.data);
  };

  return (
    <section className="page" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form className="form card" onSubmit={submit} noValidate>
        {!canEdit && (
          <p className="notice" id="settings-read-only">
            Only admins and owners can change these settings; you are a{' '}
            {roleLabel(workspace.data.role).toLowerCase()} here.
          </p>
        )}
        <fieldset
          disabled={!canEdit}
          className="fieldset-plain"
          aria-describedby={canEdit ? undefined : 'settings-read-only'}
        >
          <TextField label="Name" name="name" defaultValue={workspace.data.name} error={errors.name} />
          <TextArea
            label="Description"
            name="description"
            rows={3}
            defaultValue={workspace.data.description ?? ''}
            error={errors.description}
          />
          <InlineError error={update.error} />
          {update.isSuccess && <p role="status">Saved.</p>}
          <button type="submit" className="btn btn-primary" disabled={update.isPending}>
            Save
          </button>
        </fieldset>
      </form>
      <GitLinkSettings ws={ws} memberRole={workspace.data.role} />
      <CommandSettingsEditor ws={ws} canEdit={canEdit} />
      <McpServersPanel ws={ws} canEdit={canEdit} />
      {workspace.data.role === 'owner' && (
        <div className="card card-danger">
          <h3>Delete workspace</h3>
          <p>Deletes the workspace with all its files and tasks. This cannot be undone.</p>
          <button type="button" className="btn btn-danger" onClick={() => setConfirm(true)}>
            Delete workspace
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={`Delete ${workspace.data.name}?`}
        description="All files and tasks of this workspace are deleted."
        confirmLabel="Delete workspace"
        pending={remove.isPending}
        error={<InlineError error={remove.error} />}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => void navigate({ to: '/workspaces' }) })}
      />
    </section>
  );
}
