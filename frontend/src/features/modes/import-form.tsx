import { useState, type ChangeEvent, type FormEvent } from 'react';
import { TextArea } from '@/components/field';
import { InlineError } from '@/components/states';
import { useImportModes } from './api';

const MAX_CHARS = 512 * 1024;

/** Paste or pick a Roo Code .roomodes file (YAML or JSON); the server says what it kept and left out. */
export function ImportForm({ ws }: { ws: string }) {
  const importModes = useImportModes(ws);
  const [content, setContent] = useState('');
  const [error, setError] = useState('');

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_CHARS) return setError('The file is larger than 512 KiB.');
    setError('');
    setContent(await file.text());
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!content.trim()) return setError('Paste a .roomodes file or choose one.');
    setError('');
    importModes.mutate({ content, overwrite: new FormData(e.currentTarget).get('overwrite') === 'on' });
  };

  const result = importModes.data;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="roomodes-file">.roomodes file</label>
        <input
          id="roomodes-file"
          type="file"
          accept=".roomodes,.yaml,.yml,.json,text/plain"
          onChange={pick}
        />
      </div>
      <TextArea
        label="Or paste it"
        name="content"
        rows={10}
        value={content}
        onChange={(e) => setContent(e.target.value)}
        error={error || undefined}
        spellCheck={false}
      />
      <label className="check">
        <input type="checkbox" name="overwrite" /> Replace custom modes that have the same slug
      </label>
      <InlineError error={importModes.error} />
      <button type="submit" className="btn btn-primary" disabled={importModes.isPending}>
        {importModes.isPending ? 'Importing…' : 'Import'}
      </button>
      <div role="status" aria-live="polite">
        {result && (
          <ul className="plain-list">
            <li>
              Created: {result.created.join(', ') || 'none'}; replaced: {result.updated.join(', ') || 'none'}.
            </li>
            {result.skipped.map((s) => (
              <li key={s.slug}>
                Skipped <code>{s.slug}</code>: {s.reason}
              </li>
            ))}
            {result.warnings.map((w) => (
              <li key={w}>Note: {w}</li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
