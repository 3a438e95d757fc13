import type { Role, TokenScope } from './api/generated/openapi';

/**
 * Words for the API's lowercase identifiers (roles, scopes, provider kinds, mode slugs), so the
 * screens never show a raw enum value.
 */
const ROLES: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member', viewer: 'Viewer' };
const SCOPES: Record<TokenScope, string> = { read: 'Read', write: 'Write' };
const KNOWN: Record<string, string> = {
  openai: 'OpenAI-compatible',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
  openrouter: 'OpenRouter',
  ollama: 'Ollama',
  bedrock: 'Amazon Bedrock',
  vertex: 'Vertex AI',
};

export function roleLabel(role: Role): string {
  return ROLES[role];
}

export function scopeLabel(scope: TokenScope): string {
  return SCOPES[scope];
}

/** "provider_kind" / "code-review" → "Provider kind" / "Code review"; known names spelled right. */
export function humanize(value: string): string {
  const known = KNOWN[value];
  if (known) return known;
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : value;
}
