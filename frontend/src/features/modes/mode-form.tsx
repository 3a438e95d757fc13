import { useState, type FormEvent } from 'react';
import { TextArea, TextField } from '@/components/field';
import { InlineError } from '@/components/states';
import { useSaveMode, type ModeConfig } from './api';
import { GROUPS, groupChoice, groupEntries } from './groups';

const SLUG = /^[a-z0-9][a-z0-9-]{0,49}$/;

/** Create a custom mode or edit one (a built-in is a starting point: saving makes a copy under a new slug). */
export function ModeForm({ ws, mode, onDone }: { ws: string; mode?: ModeConfig; onDone: () => void }) {
  const save = useSaveMode(ws);
  const isNew = !mode || mode.builtIn;
  const initial = groupChoice(mode?.groups ?? ['read']);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (k: string) => String(data.get(k) ?? '');
    const slug = isNew ? text('slug').trim() : (mode?.slug ?? '');
    const found: Record<string, string> = {};
    if (!SLUG.test(slug)) found.slug = 'Lowercase letters, digits and dashes (at most 50).';
    if (!text('name').trim()) found.name = 'A name is required.';
    if (!text('roleDefinition').trim()) found.roleDefinition = 'A role definition is required.';
    setErrors(found);
    if (Object.keys(found).length) return;
    const groups = groupEntries({
      enabled: new Set(data.getAll('groups').map(String)),
      fileRegex: text('fileRegex'),
      fileRegexDescription: text('fileRegexDescription'),
    });
    save.mutate(
      {
        isNew,
        input: {
          slug,
          name: text('name').trim(),
          roleDefinition: text('roleDefinition'),
          whenToUse: text('whenToUse'),
          customInstructions: text('customInstructions'),
          groups,
        },
      },
      { onSuccess: onDone },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {isNew ? (
        <TextField
          label="Slug"
          name="slug"
          defaultValue={mode?.builtIn ? `${mode.slug}-custom` : ''}
          hint="Lowercase letters, digits and dashes; how tasks and .roo/rules-<slug>/ refer to the mode."
          error={errors.slug}
          autoComplete="off"
        />
      ) : (
        <p className="muted">
          Slug <code>{mode?.slug}</code>
        </p>
      )}
      <TextField label="Name" name="name" defaultValue={mode?.name} error={errors.name} />
      <TextArea
        label="Role definition"
        name="roleDefinition"
        rows={4}
        defaultValue={mode?.roleDefinition}
        hint="Who the model is in this mode; the first part of its system prompt."
        error={errors.roleDefinition}
      />
      <TextArea
        label="When to use"
        name="whenToUse"
        rows={2}
        defaultValue={mode?.whenToUse}
        hint="Helps the orchestrator and other modes pick this one."
      />
      <TextArea
        label="Custom instructions"
        name="customInstructions"
        rows={5}
        defaultValue={mode?.customInstructions}
      />
      <fieldset className="fieldset">
        <legend>Tool groups</legend>
        {GROUPS.map((g) => (
          <label key={g.name} className="check">
            <input
              type="checkbox"
              name="groups"
              value={g.name}
              defaultChecked={initial.enabled.has(g.name)}
            />{' '}
            {g.label} <span className="muted">({g.hint})</span>
          </label>
        ))}
        <TextField
          label="Edit only files matching (regular expression)"
          name="fileRegex"
          defaultValue={initial.fileRegex}
          hint="Optional, e.g. \.md$ — RE2 syntax, no lookaround or backreferences."
          autoComplete="off"
        />
        <TextField
          label="Description of that restriction"
          name="fileRegexDescription"
          defaultValue={initial.fileRegexDescription}
          autoComplete="off"
        />
      </fieldset>
      <InlineError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {isNew ? 'Create mode' : 'Save mode'}
      </button>
    </form>
  );
}
