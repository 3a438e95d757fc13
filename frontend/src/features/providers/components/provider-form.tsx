import { useState, type FormEvent } from 'react';
import { fieldErrors, SelectField, TextField } from '@/components/field';
import { InlineError } from '@/components/states';
import type {
  CreateProviderDto as ProviderInput,
  ProviderView as ProviderProfile,
} from '@/lib/api/generated/openapi';
import { useSaveProvider } from '../api';
import { providerSchema } from '../schema';

/** Add or edit a provider profile. The API key is write-only: the form never shows it, only its hint. */
export function ProviderForm({
  ws,
  profile,
  onDone,
}: {
  ws: string;
  profile?: ProviderProfile;
  onDone: () => void;
}) {
  const save = useSaveProvider(ws);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const parsed = providerSchema.safeParse({
      name: data.get('name'),
      kind: data.get('kind'),
      baseUrl: data.get('baseUrl') ?? '',
      model: data.get('model'),
      apiKey: data.get('apiKey') ?? '',
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const { baseUrl, apiKey, ...rest } = parsed.data;
    const input: ProviderInput = { ...rest, ...(baseUrl ? { baseUrl } : {}), ...(apiKey ? { apiKey } : {}) };
    save.mutate({ id: profile?.id, input }, { onSuccess: onDone });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField label="Name" name="name" defaultValue={profile?.name} error={errors.name} />
      <SelectField label="Kind" name="kind" defaultValue={profile?.kind ?? 'openai'} error={errors.kind}>
        <option value="openai">OpenAI-compatible (OpenAI, Ollama, vLLM…)</option>
        <option value="anthropic">Anthropic</option>
      </SelectField>
      <TextField
        label="Base URL"
        name="baseUrl"
        type="url"
        inputMode="url"
        defaultValue={profile?.baseUrl ?? ''}
        hint="Leave empty for the provider's default endpoint."
        error={errors.baseUrl}
      />
      <TextField
        label="Model"
        name="model"
        defaultValue={profile?.model}
        error={errors.model}
        autoComplete="off"
      />
      <TextField
        label="API key"
        name="apiKey"
        type="password"
        autoComplete="new-password"
        placeholder={profile?.apiKeyHint ? `Current key ${profile.apiKeyHint}` : ''}
        hint={
          profile?.apiKeyHint
            ? `A key ending ${profile.apiKeyHint} is stored. Leave empty to keep it; the key is never shown again.`
            : 'Stored encrypted; it is never shown again.'
        }
        error={errors.apiKey}
      />
      <InlineError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {profile ? 'Save profile' : 'Add profile'}
      </button>
    </form>
  );
}
