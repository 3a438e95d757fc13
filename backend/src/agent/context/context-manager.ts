import { randomUUID } from 'node:crypto';
import type { LlmClient, LlmMessage, LlmTool, LlmUsage } from '../../providers/llm/llm-client.js';
import type { ProviderProfile } from '../../providers/provider-profile.entity.js';
import type { NewMessage } from '../../tasks/entities.js';
import { condensedHead, type Conversation } from '../history.js';
import { condense } from './condense.js';
import { contextBudget, type ContextBudget } from './context-window.js';
import { chooseCut, fitToWindow } from './sliding-window.js';
import { contextTokens, promptTokens } from './tokens.js';

/** What the context manager needs from the run: recording (redacted) and usage accounting. */
export interface ContextHost {
  record(messages: NewMessage[]): Promise<void>;
  /** Adds a condense request's usage and cost to the task (not a step of the agent). */
  addUsage(usage: LlmUsage, cost: number): Promise<void>;
  cost(usage: LlmUsage): number;
}

export interface ContextRequest {
  conv: Conversation;
  system: string;
  tools: LlmTool[];
  profile: Pick<ProviderProfile, 'model' | 'limits'>;
  client: LlmClient;
  signal: AbortSignal;
  host: ContextHost;
}

export type Prepared =
  /** The history changed (condensed or truncated): rebuild the conversation and prepare again. */
  | { kind: 'reshaped' }
  | { kind: 'ready'; messages: LlmMessage[]; tokens: number; budget: ContextBudget; clipped: number };

/** A provider's answer that the request was larger than the model's window. */
export const isContextOverflow = (message: string) =>
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|input is too long|reduce the length/i.test(
    message,
  );

/**
 * Keeps every request inside the model's window, the way Roo does: past the threshold the
 * conversation is condensed by the model into a summary (`condense_context`, with tokens
 * before/after and its cost); if that fails, the oldest turns are dropped (a sliding
 * window that keeps the first request); a request that is still too large has its
 * longest contents shortened. Every reshaping is a history message, so a rebuilt
 * conversation is the same on any worker.
 */
export class ContextManager {
  constructor(private readonly defaults: { window: number; thresholdPercent: number }) {}

  budgetFor(profile: Pick<ProviderProfile, 'model' | 'limits'>): ContextBudget {
    return contextBudget(profile.model, profile.limits, this.defaults);
  }

  async prepare(req: ContextRequest): Promise<Prepared> {
    const { conv, system, tools } = req;
    const budget = this.budgetFor(req.profile);
    const tokens = contextTokens(conv, system, conv.messages, tools);
    const turnsSinceReshape = conv.turnStarts.filter((t) => t.index >= conv.head).length;
    if (tokens >= budget.condenseAt && turnsSinceReshape >= 1) {
      if (await this.reshape(req, budget, tokens)) return { kind: 'reshaped' };
    }
    const measure = (m: LlmMessage[]) => promptTokens(system, m, tools);
    const fit = fitToWindow(conv.messages, measure, budget.allowed);
    return {
      kind: 'ready',
      messages: fit.messages,
      tokens: measure(fit.messages),
      budget,
      clipped: fit.clipped,
    };
  }

  /**
   * The provider refused the request as too long although the estimate fit: drop older
   * turns harder (no condense: its request would be as long). False when nothing is left to drop.
   */
  async overflow(req: ContextRequest): Promise<boolean> {
    const budget = this.budgetFor(req.profile);
    const tokens = contextTokens(req.conv, req.system, req.conv.messages, req.tools);
    return this.truncate(req, tokens, Math.floor(budget.allowed * 0.4));
  }

  /** Condense; on failure record why and fall back to the sliding window. True if the history changed. */
  private async reshape(req: ContextRequest, budget: ContextBudget, tokens: number): Promise<boolean> {
    const { conv, system, tools, host } = req;
    const summaryRoom = Math.max(256, Math.floor(budget.allowed * 0.25));
    try {
      const out = await condense(
        req.client,
        conv.messages,
        { request: budget.allowed, summary: Math.min(summaryRoom, budget.reserve) },
        req.signal,
      );
      const cost = host.cost(out.usage);
      const head: LlmMessage = { role: 'user', content: condensedHead(conv.firstPrompt, out.summary) };
      const newContextTokens = promptTokens(system, [head], tools);
      await host.record([
        {
          type: 'say',
          say: 'condense_context',
          text: out.summary,
          meta: {
            contextCondense: {
              summary: out.summary,
              prevContextTokens: tokens,
              newContextTokens,
              cost,
              condenseId: randomUUID(),
            },
            usage: {
              tokensIn: out.usage.input,
              tokensOut: out.usage.output,
              cacheReads: out.usage.cacheRead,
              cacheWrites: out.usage.cacheWrite,
              cost,
            },
          },
        },
      ]);
      await host.addUsage(out.usage, cost);
      return true;
    } catch (e) {
      if (req.signal.aborted) throw e;
      const reason = (e as Error).message.slice(0, 500);
      await host.record([
        {
          type: 'say',
          say: 'condense_context_error',
          text: `Condensing the conversation failed (${reason}); dropping the oldest turns instead.`,
        },
      ]);
      return this.truncate(req, tokens, Math.floor(budget.condenseAt * 0.5));
    }
  }

  private async truncate(req: ContextRequest, tokens: number, target: number): Promise<boolean> {
    const fixed = promptTokens(req.system, [], req.tools);
    const cut = chooseCut(req.conv, fixed, target);
    if (!cut || cut.removed <= 0) return false;
    await req.host.record([
      {
        type: 'say',
        say: 'sliding_window_truncation',
        text: `Dropped the ${cut.removed} oldest conversation messages to fit the context window (the first request stays).`,
        meta: {
          contextTruncation: {
            truncationId: randomUUID(),
            messagesRemoved: cut.removed,
            prevContextTokens: tokens,
            newContextTokens: cut.tokensAfter,
            keepFromSeq: cut.keepFromSeq,
          },
        },
      },
    ]);
    return true;
  }
}
