/**
 * Built-in list prices of common OpenAI and Anthropic models, in USD per million tokens
 * (as published by the vendors; checked against Roo Code's model tables, 2026-11). A
 * provider profile's limits override any of them; a model not listed costs 0 unless its
 * profile gives prices.
 */
export interface ModelPrice {
  input: number;
  output: number;
  /** Writing the prompt cache (Anthropic; OpenAI caches for free). */
  cacheWrite: number;
  /** Reading from the prompt cache. */
  cacheRead: number;
  /** Prices once the prompt passes `above` input tokens (1M-context Claude models). */
  longContext?: { above: number; input: number; output: number; cacheWrite: number; cacheRead: number };
}

const p = (input: number, output: number, cacheWrite: number, cacheRead: number): ModelPrice => ({
  input,
  output,
  cacheWrite,
  cacheRead,
});
const long = (price: ModelPrice, above: number, factor: { input: number; output: number }): ModelPrice => ({
  ...price,
  longContext: {
    above,
    input: price.input * factor.input,
    output: price.output * factor.output,
    cacheWrite: price.cacheWrite * factor.input,
    cacheRead: price.cacheRead * factor.input,
  },
});

const SONNET = long(p(3, 15, 3.75, 0.3), 200_000, { input: 2, output: 1.5 });
const OPUS_45 = p(5, 25, 6.25, 0.5);
const OPUS_4 = p(15, 75, 18.75, 1.5);

export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  // Anthropic
  'claude-opus-4-6': long(OPUS_45, 200_000, { input: 2, output: 1.5 }),
  'claude-opus-4-5': OPUS_45,
  'claude-opus-4-1': OPUS_4,
  'claude-opus-4': OPUS_4,
  'claude-sonnet-4-6': SONNET,
  'claude-sonnet-4-5': SONNET,
  'claude-sonnet-4': SONNET,
  'claude-3-7-sonnet': p(3, 15, 3.75, 0.3),
  'claude-3-5-sonnet': p(3, 15, 3.75, 0.3),
  'claude-haiku-4-5': p(1, 5, 1.25, 0.1),
  'claude-3-5-haiku': p(1, 5, 1.25, 0.1),
  'claude-3-opus': p(15, 75, 18.75, 1.5),
  'claude-3-haiku': p(0.25, 1.25, 0.3, 0.03),
  // OpenAI (cached input is read at the cacheRead price; there is no charge for writing)
  'gpt-5.4': p(2.5, 15, 0, 0.25),
  'gpt-5.4-mini': p(0.75, 4.5, 0, 0.075),
  'gpt-5.4-nano': p(0.2, 1.25, 0, 0.02),
  'gpt-5.2': p(1.75, 14, 0, 0.175),
  'gpt-5.2-codex': p(1.75, 14, 0, 0.175),
  'gpt-5.3-codex': p(1.75, 14, 0, 0.175),
  'gpt-5.1': p(1.25, 10, 0, 0.125),
  'gpt-5.1-codex': p(1.25, 10, 0, 0.125),
  'gpt-5.1-codex-max': p(1.25, 10, 0, 0.125),
  'gpt-5.1-codex-mini': p(0.25, 2, 0, 0.025),
  'gpt-5': p(1.25, 10, 0, 0.125),
  'gpt-5-codex': p(1.25, 10, 0, 0.125),
  'gpt-5-mini': p(0.25, 2, 0, 0.025),
  'gpt-5-nano': p(0.05, 0.4, 0, 0.005),
  'gpt-4.1': p(2, 8, 0, 0.5),
  'gpt-4.1-mini': p(0.4, 1.6, 0, 0.1),
  'gpt-4.1-nano': p(0.1, 0.4, 0, 0.025),
  'gpt-4o': p(2.5, 10, 0, 1.25),
  'gpt-4o-mini': p(0.15, 0.6, 0, 0.075),
  o1: p(15, 60, 0, 7.5),
  o3: p(2, 8, 0, 0.5),
  'o3-mini': p(1.1, 4.4, 0, 0.55),
  'o4-mini': p(1.1, 4.4, 0, 0.275),
};

/**
 * The table's name for a model id as providers spell it: lower case, without a vendor prefix
 * ("anthropic/"), a release date ("-20250929", "-2024-08-06"), ":thinking" or "-latest".
 */
export function canonicalModel(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^(?:anthropic|openai)[/.]/, '')
    .replace(/:thinking$/, '')
    .replace(/-latest$/, '')
    .replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2})$/, '')
    .replace(/-chat$/, '');
}

export function builtInPrice(model: string): ModelPrice | null {
  return BUILT_IN_PRICES[canonicalModel(model)] ?? null;
}
