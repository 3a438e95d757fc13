import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { SelectField, TextArea } from '@/components/field';
import { ErrorState, InlineError, Loading } from '@/components/states';
import { request } from '@/lib/api/client';
import type { CommandEgress, CommandSettingsView as CommandSettings } from '@/lib/api/generated/openapi';

const key = (ws: string) => ['workspaces', ws, 'command-settings'] as const;

/** One prefix a line; blank lines and surrounding spaces dropped, duplicates once. */
export function parsePrefixes(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The workspace's execute_command rules (Roo's allowedCommands/deniedCommands): prefixes that run
 * without asking when a task auto-approves commands, prefixes that never run, and the network
 * commands get. Admins edit; everyone else reads.
 */
export function CommandSettingsEditor({ ws, canEdit }: { ws: string; canEdit: boolean }) {
  const qc = useQueryClient();
  const settings = useQuery({
    queryKey: key(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/command-settings', { params: { ws } }),
  });
  const save = useMutation({
    mutationFn: (input: CommandSettings) =>
      request('put', '/api/v1/workspaces/{ws}/command-settings', { params: { ws }, body: input }),
    onSuccess: (data) => qc.setQueryData(key(ws), data),
  });
  const [saved, setSaved] = useState(false);
  const readOnlyId = useId();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setSaved(false);
    save.mutate(
      {
        allowedCommands: parsePrefixes(String(data.get('allowedCommands') ?? '')),
        deniedCommands: parsePrefixes(String(data.get('deniedCommands') ?? '')),
        egress: String(data.get('egress') ?? 'none') as CommandEgress,
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <section className="card" aria-labelledby="commands-title">
      <h3 id="commands-title">Commands</h3>
      {settings.isPending ? (
        <Loading label="Loading command settings…" />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        // Keyed by the saved lists, so the fields show what the server stored (cleaned).
        <form
          key={JSON.stringify(settings.data)}
          className="form"
          onSubmit={submit}
          aria-label="Command settings"
        >
          {!canEdit && (
            <p className="notice" id={readOnlyId}>
              Only admins and owners can change the command settings.
            </p>
          )}
          <fieldset
            disabled={!canEdit}
            className="fieldset-plain"
            aria-describedby={canEdit ? undefined : readOnlyId}
          >
            <TextArea
              label="Allowed command prefixes"
              name="allowedCommands"
              rows={4}
              spellCheck={false}
              defaultValue={settings.data.allowedCommands.join('\n')}
              hint="One a line, e.g. npm test or git status. They run without asking in tasks that auto-approve commands; * allows any."
            />
            <TextArea
              label="Denied command prefixes"
              name="deniedCommands"
              rows={3}
              spellCheck={false}
              defaultValue={settings.data.deniedCommands.join('\n')}
              hint="One a line. These never run, whatever the task's auto-approve (they win over allowed ones)."
            />
            <SelectField label="Network for commands" name="egress" defaultValue={settings.data.egress}>
              <option value="none">None</option>
              <option value="open">Open</option>
            </SelectField>
            <InlineError error={save.error} />
            {saved && <p role="status">Saved.</p>}
            {canEdit && (
              <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                Save command settings
              </button>
            )}
          </fieldset>
        </form>
      )}
    </section>
  );
}
