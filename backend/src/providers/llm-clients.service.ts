import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AnthropicClient } from './llm/anthropic-client.js';
import { LlmError, type LlmClient, type LlmEvent, type LlmMessage, type LlmTool } from './llm/llm-client.js';
import { OpenAiClient, type ClientSettings } from './llm/openai-client.js';
import { redactSecret } from './llm/redact.js';
import type { ProviderProfile } from './provider-profile.entity.js';
import { findEgressRefusal } from './egress/egress-policy.js';
import { EgressService } from './egress/egress.service.js';

export interface BreakerSettings {
  /** Calls in the rolling window before the circuit may open. */
  volumeThreshold: number;
  errorThresholdPercentage: number;
  /** How long the circuit stays open before one trial call (half-open). */
  resetTimeoutMs: number;
  rollingWindowMs: number;
}

export const BREAKER_SETTINGS = Symbol('BREAKER_SETTINGS');
export const DEFAULT_BREAKER: BreakerSettings = {
  volumeThreshold: 3,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  rollingWindowMs: 60_000,
};

type Opener = () => Promise<IteratorResult<LlmEvent>>;

/** The status of an SDK error, when it has one. */
const statusOf = (e: unknown): number | undefined => {
  const s = (e as { status?: unknown })?.status;
  return typeof s === 'number' ? s : undefined;
};
const isAbort = (e: unknown) => {
  const name = (e as { name?: string })?.name ?? '';
  return name === 'AbortError' || name === 'APIUserAbortError';
};

/** Turns any provider failure into an LlmError with a clear, key-free reason (`apiKey` is redacted in any encoding). */
export function describeLlmError(e: unknown, profileName: string, apiKey?: string | null): LlmError {
  if (e instanceof LlmError) return e;
  if ((e as { code?: string })?.code === 'EOPENBREAKER') {
    return new LlmError(
      `provider "${profileName}" is unavailable: circuit open after repeated failures, retry later`,
      true,
    );
  }
  const status = statusOf(e);
  const raw = e instanceof Error ? e.message : String(e);
  const msg = redactSecret(raw, apiKey).slice(0, 300);
  if (status)
    return new LlmError(
      `provider "${profileName}" answered ${status}: ${msg}`,
      status === 429 || status >= 500,
    );
  const name = (e as { name?: string })?.name ?? '';
  if (name.includes('Timeout')) return new LlmError(`provider "${profileName}" timed out`, true);
  return new LlmError(`provider "${profileName}" failed: ${msg}`, true);
}

/** A request the egress policy refused: the profile's URL must change, a retry cannot help. */
export class EgressLlmError extends LlmError {
  readonly egress = true;
}

/** The egress refusal inside an SDK error, as a clear, non-retryable LlmError. */
export function egressError(e: unknown, profileName: string): EgressLlmError | undefined {
  const refusal = findEgressRefusal(e);
  return refusal && new EgressLlmError(`provider "${profileName}": ${refusal.message}`, false);
}

/**
 * Builds LLM clients from provider profiles. Each profile has one circuit breaker per
 * process: opening the stream (up to the first event) counts; after repeated failures
 * calls fail fast until a trial call succeeds again.
 */
@Injectable()
export class LlmClientsService {
  private readonly logger = new Logger('LlmClients');
  private readonly breakers = new Map<string, CircuitBreaker<[Opener], IteratorResult<LlmEvent>>>();
  private readonly breakerSettings: BreakerSettings;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly egress: EgressService,
    @Optional() @Inject(BREAKER_SETTINGS) breakerSettings?: BreakerSettings,
  ) {
    this.breakerSettings = breakerSettings ?? DEFAULT_BREAKER;
  }

  /** `apiKey` is the opened key; it goes to the SDK and nowhere else. */
  client(
    profile: ProviderProfile,
    apiKey: string | null,
    overrides: Partial<Pick<ClientSettings, 'timeoutMs' | 'maxRetries'>> = {},
  ): LlmClient {
    const settings: ClientSettings = {
      baseUrl: profile.baseUrl,
      apiKey,
      model: profile.model,
      maxOutputTokens: profile.limits?.maxOutputTokens,
      timeoutMs: this.config.LLM_TIMEOUT_MS,
      maxRetries: this.config.LLM_MAX_RETRIES,
      fetch: this.egress.fetch,
      ...overrides,
    };
    const inner: LlmClient =
      profile.kind === 'anthropic' ? new AnthropicClient(settings) : new OpenAiClient(settings);
    const breaker = this.breaker(profile);
    return {
      kind: inner.kind,
      redact: (text: string) => inner.redact(text),
      async *stream(messages: LlmMessage[], tools: LlmTool[], signal: AbortSignal) {
        const it = inner.stream(messages, tools, signal)[Symbol.asyncIterator]();
        let first: IteratorResult<LlmEvent>;
        try {
          first = await breaker.fire(() => it.next());
        } catch (e) {
          if (isAbort(e) || signal.aborted) throw e;
          throw egressError(e, profile.name) ?? describeLlmError(e, profile.name, apiKey);
        }
        if (first.done) return;
        yield first.value;
        try {
          for (;;) {
            const r = await it.next();
            if (r.done) return;
            yield r.value;
          }
        } catch (e) {
          if (isAbort(e) || signal.aborted) throw e;
          throw egressError(e, profile.name) ?? describeLlmError(e, profile.name, apiKey);
        }
      },
    };
  }

  breakerState(profileId: string): 'closed' | 'open' | 'half-open' {
    const b = this.breakers.get(profileId);
    if (!b) return 'closed';
    return b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed';
  }

  private breaker(profile: ProviderProfile) {
    let b = this.breakers.get(profile.id);
    if (!b) {
      const s = this.breakerSettings;
      b = new CircuitBreaker((open: Opener) => open(), {
        timeout: false,
        volumeThreshold: s.volumeThreshold,
        errorThresholdPercentage: s.errorThresholdPercentage,
        resetTimeout: s.resetTimeoutMs,
        rollingCountTimeout: s.rollingWindowMs,
        // An abort or a request the provider refused as invalid says nothing about its health.
        errorFilter: (e: unknown) => {
          const status = statusOf(e);
          return (
            isAbort(e) ||
            findEgressRefusal(e) !== undefined ||
            (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429)
          );
        },
      });
      const name = profile.name;
      b.on('open', () => this.logger.warn(`circuit for provider "${name}" opened`));
      b.on('halfOpen', () => this.logger.log(`circuit for provider "${name}" half-open`));
      b.on('close', () => this.logger.log(`circuit for provider "${name}" closed`));
      this.breakers.set(profile.id, b);
    }
    return b;
  }
}
