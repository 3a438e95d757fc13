import { readFileSync } from 'node:fs';

import { mailConfigured } from '../mail/mail-transport.js';
import { envSchema, SECRET_VARIABLES, type Env } from './config.schema.js';

export class ConfigError extends Error {}

/** Resolves `X_FILE` into `X` for the secret variables; refuses both at once. */
function resolveSecretFiles(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...source };
  for (const name of SECRET_VARIABLES) {
    const file = source[`${name}_FILE`];
    if (!file) continue;
    if (source[name]) throw new ConfigError(`config: set ${name} or ${name}_FILE, not both`);
    try {
      out[name] = readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new ConfigError(
        `config: ${name}_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code})`,
      );
    }
  }
  // Empty strings mean "unset", so defaults apply (compose passes unset variables as "").
  for (const [k, v] of Object.entries(out)) if (v === '') delete out[k];
  return out;
}

/** Parses and validates the environment once; throws one line per bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(resolveSecretFiles(source));
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = i.path.join('.');
      const missing = i.code === 'invalid_type' && source[name] === undefined;
      return `config: ${name}: ${missing ? 'is required but not set' : i.message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  if (result.data.EMAIL_VERIFICATION === 'required' && !mailConfigured(result.data))
    throw new ConfigError('config: EMAIL_VERIFICATION: required needs mail: set SMTP_URL or SMTP_HOST');
  return result.data;
}
