import { Link } from '@tanstack/react-router';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Dialog } from '@/components/dialog';
import { InlineError } from '@/components/states';
import { formatCost, formatDate, formatNumber } from '@/lib/format';
import { exportTask, useImportHistory, type ExportFormat, type ImportedFrom } from './api';

/** The largest history the server takes (32 MiB for both files together). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** The `imported` field of a task view, when the task came from a Roo/Zoo history. */
export function importedFrom(task: object): ImportedFrom | null {
  const v = (task as { imported?: unknown }).imported;
  return v && typeof v === 'object' ? (v as ImportedFrom) : null;
}

/** Download buttons: the task as Markdown, or as Roo Code's two JSON files (ui_messages, api_conversation_history). */
export function TaskHistoryExport({ taskId }: { taskId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const run = async (formats: ExportFormat[]) => {
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const names: string[] = [];
      for (const f of formats) names.push(await exportTask(taskId, f));
      setDone(`Downloaded ${names.join(' and ')}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="task-export">
      <div className="row wrap" role="group" aria-label="Export the history">
        <button type="button" className="btn" disabled={busy} onClick={() => void run(['markdown'])}>
          Export Markdown
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => void run(['ui_messages', 'api_conversation_history'])}
        >
          Export for Roo Code (JSON)
        </button>
      </div>
      <InlineError error={error} />
      <p role="status" className="muted">
        {done}
      </p>
    </div>
  );
}

/** Says that a task is an imported Roo/Zoo history: read-only, with what it had cost there. */
export function ImportedNotice({ task }: { task: object }) {
  const from = importedFrom(task);
  if (!from) return null;
  return (
    <p className="notice task-imported">
      Imported from a Roo Code history on {formatDate(from.at)} · read-only. There it used{' '}
      {formatNumber(from.tokensIn)} tokens in and {formatNumber(from.tokensOut)} out and cost{' '}
      {formatCost(from.cost)} (not counted in this workspace&apos;s budget).
    </p>
  );
}

type Picked = { name: string; data: unknown } | null;

async function readJson(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text()) as unknown;
  } catch {
    throw new Error(`${file.name} is not a JSON file.`);
  }
}

/** "Import Roo history": pick ui_messages.json and/or api_conversation_history.json, get a read-only task. */
export function ImportHistory({ ws }: { ws: string }) {
  const [open, setOpen] = useState(false);
  const importing = useImportHistory(ws);
  const [ui, setUi] = useState<Picked>(null);
  const [apiHistory, setApiHistory] = useState<Picked>(null);
  const [error, setError] = useState('');
  const [size, setSize] = useState({ ui: 0, api: 0 });

  const pick = (which: 'ui' | 'api') => async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    const set = which === 'ui' ? setUi : setApiHistory;
    if (!file) return set(null);
    setError('');
    try {
      setSize((s) => ({ ...s, [which]: file.size }));
      set({ name: file.name, data: await readJson(file) });
    } catch (err) {
      set(null);
      setError((err as Error).message);
    }
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!ui && !apiHistory)
      return setError('Choose ui_messages.json, api_conversation_history.json, or both.');
    if (size.ui + size.api > MAX_IMPORT_BYTES) return setError('The files are larger than 32 MiB together.');
    setError('');
    const mode = String(new FormData(e.currentTarget).get('mode') ?? '').trim();
    importing.mutate({
      ...(ui ? { uiMessages: ui.data } : {}),
      ...(apiHistory ? { apiConversationHistory: apiHistory.data } : {}),
      ...(mode ? { mode } : {}),
    });
  };

  const result = importing.data;
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => {
          importing.reset();
          setOpen(true);
        }}
      >
        Import Roo history
      </button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Import a Roo Code task"
        description="The task folder of Roo Code or Zoo Code holds ui_messages.json (what you saw) and api_conversation_history.json (what the model saw). The import is a read-only task."
      >
        <form className="form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="import-ui">ui_messages.json</label>
            <input
              id="import-ui"
              type="file"
              accept=".json,application/json"
              onChange={(e) => void pick('ui')(e)}
            />
          </div>
          <div className="field">
            <label htmlFor="import-api">api_conversation_history.json (optional)</label>
            <input
              id="import-api"
              type="file"
              accept=".json,application/json"
              onChange={(e) => void pick('api')(e)}
            />
          </div>
          <div className="field">
            <label htmlFor="import-mode">Mode to show it in (optional)</label>
            <input id="import-mode" name="mode" placeholder="code" pattern="[a-z0-9][a-z0-9-]{0,49}" />
          </div>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <InlineError error={importing.error} />
          <button type="submit" className="btn btn-primary" disabled={importing.isPending}>
            {importing.isPending ? 'Importing…' : 'Import'}
          </button>
          <div role="status" aria-live="polite">
            {result && (
              <>
                <p>
                  Imported {formatNumber(result.messages)} messages:{' '}
                  <Link to="/workspaces/$ws/tasks/$taskId" params={{ ws, taskId: result.task.id }}>
                    {result.task.title}
                  </Link>
                </p>
                {result.notes.length > 0 && (
                  <ul className="plain-list">
                    {result.notes.map((n) => (
                      <li key={n}>Note: {n}</li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>
        </form>
      </Dialog>
    </>
  );
}
