import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLlm } from '../../../test/fake-llm/server.mjs';
import { AnthropicClient } from '../llm/anthropic-client.js';
import type { LlmEvent, LlmMessage, LlmUsage } from '../llm/llm-client.js';
import { OpenAiClient } from '../llm/openai-client.js';
import { costCapReached, costOf, priceFor, taskCostCap } from './cost.js';
import { builtInPrice, canonicalModel } from './prices.js';
import { withCacheBreakpoints } from './prompt-cache.js';

const usage = (u: Partial<LlmUsage>): LlmUsage => ({
  input: 0,
  output: 0,
  cacheRead: 0,
  cacheWrite: 0,
  ...u,
});

describe('built-in prices', () => {
  it('finds a model however the provider spells it', () => {
    expect(canonicalModel('claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5');
    expect(canonicalModel('anthropic/claude-3-5-sonnet-latest')).toBe('claude-3-5-sonnet');
    expect(canonicalModel('gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(canonicalModel('GPT-5-chat-latest')).toBe('gpt-5');
    expect(builtInPrice('claude-opus-4-1-20250805')).toMatchObject({ input: 15, output: 75 });
    expect(builtInPrice('gpt-4.1-mini')).toMatchObject({ input: 0.4, output: 1.6, cacheRead: 0.1 });
    expect(builtInPrice('llama3.1:8b')).toBeNull();
  });
});

describe('costOf', () => {
  it('equals the hand-computed figure for Claude Sonnet with cache writes and reads', () => {
    // 12,000 fresh input × $3 + 800 output × $15 + 50,000 cache reads × $0.30 + 4,000 cache writes × $3.75
    // = 0.036 + 0.012 + 0.015 + 0.015 = $0.078
    const cost = costOf(
      usage({ input: 12_000, output: 800, cacheRead: 50_000, cacheWrite: 4_000 }),
      priceFor('claude-sonnet-4-5-20250929', {}),
    );
    expect(cost).toBeCloseTo(0.078, 10);
  });

  it('bills OpenAI cached tokens at the cache-read price, not the input price', () => {
    // gpt-4.1: 2,000 uncached × $2 + 8,000 cached × $0.50 + 1,000 output × $8 = 0.004 + 0.004 + 0.008
    const price = priceFor('gpt-4.1', undefined);
    expect(costOf(usage({ input: 2_000, cacheRead: 8_000, output: 1_000 }), price)).toBeCloseTo(0.016, 10);
    // The same 10,000 prompt tokens all uncached cost more: 0.02 + 0.008.
    expect(costOf(usage({ input: 10_000, output: 1_000 }), price)).toBeCloseTo(0.028, 10);
  });

  it('applies the long-context rates past 200K prompt tokens', () => {
    // 250,000 input × $6 + 1,000 output × $22.50 = 1.5 + 0.0225
    expect(costOf(usage({ input: 250_000, output: 1_000 }), priceFor('claude-sonnet-4-5', {}))).toBeCloseTo(
      1.5225,
      10,
    );
  });

  it("takes the profile's prices over the table's, field by field; an unknown model is free unless priced", () => {
    const price = priceFor('gpt-4o', { inputPricePerMTok: 1, cacheReadPricePerMTok: 0.1 });
    expect(price).toMatchObject({ input: 1, output: 10, cacheRead: 0.1, source: 'built-in+profile' });
    expect(costOf(usage({ input: 1_000_000, output: 100_000, cacheRead: 1_000_000 }), price)).toBeCloseTo(
      2.1,
      10,
    );
    expect(priceFor('my-local-model', {})).toMatchObject({ input: 0, source: 'none' });
    expect(priceFor('my-local-model', { outputPricePerMTok: 2 })).toMatchObject({
      output: 2,
      source: 'profile',
    });
  });
});

describe('the per-task cost cap', () => {
  it("uses the profile's cap, else the server's; 0 means none", () => {
    expect(taskCostCap({ maxTaskCostUsd: 2 }, 5)).toBe(2);
    expect(taskCostCap({}, 5)).toBe(5);
    expect(taskCostCap({ maxTaskCostUsd: 0 }, 5)).toBe(0);
    expect(costCapReached(1.99, 2)).toBeNull();
    expect(costCapReached(100, 0)).toBeNull();
    expect(costCapReached(2.0004, 2)).toMatch(
      /^cost cap reached: this task has used \$2\.0004 of its \$2\.00 limit/,
    );
  });
});

describe('prompt caching on the wire (real HTTP to the scripted fake LLM)', () => {
  const llm = new FakeLlm([]);
  beforeAll(() => llm.start());
  afterAll(() => llm.close());
  const settings = () => ({ baseUrl: llm.url, apiKey: 'k', model: 'm', timeoutMs: 5_000, maxRetries: 0 });
  const conversation: LlmMessage[] = [
    { role: 'system', content: 'You are a test.' },
    { role: 'user', content: 'first' },
    { role: 'assistant', content: '', toolCalls: [{ id: 't1', name: 'read_file', input: { path: 'a' } }] },
    { role: 'tool', toolCallId: 't1', content: 'file a', isError: false },
    { role: 'assistant', content: 'ok', toolCalls: [] },
    { role: 'user', content: 'second' },
  ];
  const drain = async (events: AsyncIterable<LlmEvent>) => {
    let u: LlmUsage | null = null;
    for await (const e of events) if (e.type === 'usage') u = e.usage;
    return u;
  };

  it('OpenAI: prompt_tokens_details.cached_tokens become cache reads, the rest input', async () => {
    llm.push({ text: 'hi', usage: { input: 300, cacheRead: 1_200, output: 40 } });
    const u = await drain(
      new OpenAiClient(settings()).stream(conversation, [], new AbortController().signal),
    );
    expect(u).toEqual({ input: 300, output: 40, cacheRead: 1_200, cacheWrite: 0 });
  });

  it('Anthropic: cache_control on the system prompt and the last two user turns; cache usage reported', async () => {
    llm.push({ text: 'hi', usage: { input: 50, cacheRead: 900, cacheWrite: 120, output: 30 } });
    const u = await drain(
      new AnthropicClient(settings()).stream(conversation, [], new AbortController().signal),
    );
    expect(u).toEqual({ input: 50, output: 30, cacheRead: 900, cacheWrite: 120 });
    const body = llm.requests.at(-1)!.body as {
      system: { text: string; cache_control?: unknown }[];
      messages: { role: string; content: { type: string; cache_control?: unknown }[] }[];
    };
    expect(body.system).toEqual([
      { type: 'text', text: 'You are a test.', cache_control: { type: 'ephemeral' } },
    ]);
    const marks = body.messages.map((m) =>
      m.content.map((b) => (b.cache_control ? `${m.role}:${b.type}` : '')),
    );
    // The tool-result turn before "second" and "second" itself; "first" is no longer marked.
    expect(marks.flat().filter(Boolean)).toEqual(['user:tool_result', 'user:text']);
    expect(body.messages[4].content).toEqual([
      { type: 'text', text: 'second', cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('withCacheBreakpoints leaves earlier turns alone and an empty system out', () => {
    const r = withCacheBreakpoints('', [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: 'c' }] },
    ]);
    expect(r.system).toEqual([]);
    expect(r.messages[0]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }],
    });
    expect(r.messages[2].content).toEqual([
      { type: 'tool_result', tool_use_id: 'x', content: 'c', cache_control: { type: 'ephemeral' } },
    ]);
  });
});
