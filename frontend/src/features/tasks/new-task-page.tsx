import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { fieldErrors, SelectField, TextArea } from '@/components/field';
import { ErrorState, InlineError, Loading } from '@/components/states';
import { useModes, useProviders } from '@/features/providers/api';
import { hasRole, useWorkspace } from '@/features/workspaces/api';
import { useCreateTask } from './api';
import { newTaskSchema } from './schema';

/** Why a viewer sees no way to start a task (the API refuses it: starting one needs the member role). */
export const VIEWER_CANNOT_START =
  'Viewers can follow tasks but cannot start them. Ask a workspace admin for the member role to start one.';

export function NewTaskPage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/tasks/new' });
  const workspace = useWorkspace(ws);
  const modes = useModes(ws);
  const providers = useProviders(ws);
  const create = useCreateTask(ws);
  const navigate = useNavigate();
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (workspace.data && !hasRole(workspace.data.role, 'member')) {
    return (
      <section className="page" aria-labelledby="new-task-title">
        <h2 id="new-task-title">New task</h2>
        <p className="notice">{VIEWER_CANNOT_START}</p>
        <p>
          <Link to="/workspaces/$ws/tasks" params={{ ws }}>
            Back to the tasks
          </Link>
        </p>
      </section>
    );
  }
  if (modes.isPending || providers.isPending) return <Loading />;
  if (modes.isError) return <ErrorState error={modes.error} onRetry={() => void modes.refetch()} />;
  if (providers.isError)
    return <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const parsed = newTaskSchema.safeParse({
      prompt: data.get('prompt'),
      mode: data.get('mode'),
      providerId: data.get('providerId') ?? '',
      autoApprove: {
        read: data.get('autoRead') === 'on',
        write: data.get('autoWrite') === 'on',
        execute: data.get('autoExecute') === 'on',
        modeSwitch: data.get('autoModeSwitch') === 'on',
        mcp: data.get('autoMcp') === 'on',
      },
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (task) =>
        void navigate({ to: '/workspaces/$ws/tasks/$taskId', params: { ws, taskId: task.id } }),
    });
  };

  return (
    <section className="page" aria-labelledby="new-task-title">
      <h2 id="new-task-title">New task</h2>
      {providers.data.length === 0 ? (
        <p>
          Add a provider profile first:{' '}
          <Link to="/workspaces/$ws/providers" params={{ ws }}>
            Providers
          </Link>
          .
        </p>
      ) : (
        <form className="form card" onSubmit={submit} noValidate>
          <TextArea label="What should the agent do?" name="prompt" rows={6} error={errors.prompt} />
          <SelectField
            label="Mode"
            name="mode"
            defaultValue={modes.data.find((m) => m.slug === 'code')?.slug ?? modes.data[0]?.slug}
            error={errors.mode}
          >
            {modes.data.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Provider profile" name="providerId" error={errors.providerId}>
            {providers.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.model})
              </option>
            ))}
          </SelectField>
          <fieldset className="fieldset">
            <legend>Auto-approve</legend>
            <label className="check">
              <input type="checkbox" name="autoRead" defaultChecked /> Reading files
            </label>
            <label className="check">
              <input type="checkbox" name="autoWrite" /> Writing files (no approval prompts for edits)
            </label>
            <label className="check">
              <input type="checkbox" name="autoExecute" /> Running commands allowed by the workspace&apos;s
              command list (denied commands never run)
            </label>
            <label className="check">
              <input type="checkbox" name="autoModeSwitch" /> Switching to a mode with more rights
            </label>
            <label className="check">
              <input type="checkbox" name="autoMcp" /> Calling the MCP tools an admin allowed
            </label>
          </fieldset>
          <InlineError error={create.error} />
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Starting…' : 'Start task'}
          </button>
        </form>
      )}
    </section>
  );
}
