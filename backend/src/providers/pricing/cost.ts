import type { LlmUsage } from '../llm/llm-client.js';
import type { ProviderLimits } from '../provider-profile.entity.js';
import { builtInPrice, type ModelPrice } from './prices.js';

/**
 * Usage is counted the way both clients report it: `input` is the prompt tokens that were
 * neither read from nor written to the cache (OpenAI's prompt_tokens minus
 * prompt_tokens_details.cached_tokens; Anthropic's input_tokens), so every token is billed
 * once, at its own price.
 */
export interface EffectivePrice extends ModelPrice {
  /** Where the prices came from: the profile, the built-in table, both, or none (cost 0). */
  source: 'profile' | 'built-in' | 'built-in+profile' | 'none';
}

/** The built-in price of the profile's model with the profile's own prices on top. */
export function priceFor(model: string, limits: ProviderLimits | null | undefined): EffectivePrice {
  const base = builtInPrice(model);
  const l = limits ?? {};
  const overrides = {
    ...(l.inputPricePerMTok !== undefined ? { input: l.inputPricePerMTok } : {}),
    ...(l.outputPricePerMTok !== undefined ? { output: l.outputPricePerMTok } : {}),
    ...(l.cacheWritePricePerMTok !== undefined ? { cacheWrite: l.cacheWritePricePerMTok } : {}),
    ...(l.cacheReadPricePerMTok !== undefined ? { cacheRead: l.cacheReadPricePerMTok } : {}),
  };
  const overridden = Object.keys(overrides).length > 0;
  const merged: ModelPrice = {
    ...(base ?? { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }),
    ...overrides,
  };
  // A profile that sets its own prices is not charged the table's long-context surcharge.
  if (overridden) delete merged.longContext;
  return {
    ...merged,
    source: base ? (overridden ? 'built-in+profile' : 'built-in') : overridden ? 'profile' : 'none',
  };
}

/** USD for one model call. */
export function costOf(usage: LlmUsage, price: ModelPrice): number {
  const prompt = usage.input + usage.cacheRead + usage.cacheWrite;
  const rates = price.longContext && prompt > price.longContext.above ? price.longContext : price;
  const cost =
    usage.input * rates.input +
    usage.output * rates.output +
    usage.cacheWrite * rates.cacheWrite +
    usage.cacheRead * rates.cacheRead;
  return cost / 1_000_000;
}

/** The per-task cap in USD (the profile's, else the server default); 0 = none. */
export function taskCostCap(limits: ProviderLimits | null | undefined, serverDefault: number): number {
  const own = limits?.maxTaskCostUsd;
  return own !== undefined ? own : serverDefault;
}

/** The message a task stops with when it reaches its cap, or null while it is under it. */
export function costCapReached(spent: number, cap: number): string | null {
  if (!(cap > 0) || spent < cap) return null;
  return `cost cap reached: this task has used $${spent.toFixed(4)} of its $${cap.toFixed(2)} limit, so it stopped before the next model call. Raise the provider profile's maxTaskCostUsd (or TASK_MAX_COST_USD) to let tasks spend more, then start a new task.`;
}
