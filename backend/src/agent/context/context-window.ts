import type { ProviderLimits } from '../../providers/provider-profile.entity.js';

/**
 * Context windows (input + output tokens) of common models, by model id prefix; the first
 * match wins, so more specific ids come first. A profile's `limits.contextWindow` overrides
 * the table (local models, proxies, fine-tunes); unknown models get CONTEXT_WINDOW_DEFAULT.
 */
export const MODEL_CONTEXT_WINDOWS: readonly (readonly [RegExp, number])[] = [
  // Anthropic: every current Claude model has a 200k window (1M only behind a beta header).
  [/^claude-/i, 200_000],
  [/(^|\/)(anthropic\.)?claude/i, 200_000],
  // OpenAI
  [/^gpt-4\.1/i, 1_047_576],
  [/^gpt-5/i, 400_000],
  [/^(gpt-4o|chatgpt-4o)/i, 128_000],
  [/^gpt-4-turbo/i, 128_000],
  [/^gpt-4-(0125|1106)/i, 128_000],
  [/^gpt-4-32k/i, 32_768],
  [/^gpt-4(-|$)/i, 8_192],
  [/^gpt-3\.5-turbo/i, 16_385],
  [/^o1-mini/i, 128_000],
  [/^(o1|o3|o4)(-|$)/i, 200_000],
  [/^gpt-oss/i, 131_072],
];

/** The built-in window of a model id, or null when the table does not know it. */
export function knownContextWindow(model: string): number | null {
  const id = model.trim();
  for (const [pattern, window] of MODEL_CONTEXT_WINDOWS) if (pattern.test(id)) return window;
  return null;
}

/** The token room of one request and when to condense. */
export interface ContextBudget {
  /** The model's context window. */
  window: number;
  /** Tokens kept free for the answer. */
  reserve: number;
  /** The largest prompt ever sent: 90 % of the window minus the answer's reserve. */
  allowed: number;
  /** Condense once the prompt reaches this many tokens (threshold % of the window, at most `allowed`). */
  condenseAt: number;
}

/** Share of the window never filled, for estimation error (Roo keeps the same 10 %). */
export const WINDOW_BUFFER = 0.1;

export function contextBudget(
  model: string,
  limits: ProviderLimits | null | undefined,
  defaults: { window: number; thresholdPercent: number },
): ContextBudget {
  const window = limits?.contextWindow ?? knownContextWindow(model) ?? defaults.window;
  // The answer needs room, but a small window must not go to the answer entirely.
  const reserve = Math.min(limits?.maxOutputTokens ?? 8_192, Math.floor(window * 0.2));
  const allowed = Math.max(1, Math.floor(window * (1 - WINDOW_BUFFER)) - reserve);
  const percent = limits?.condenseThresholdPercent ?? defaults.thresholdPercent;
  const condenseAt = Math.min(allowed, Math.floor((window * percent) / 100));
  return { window, reserve, allowed, condenseAt };
}
