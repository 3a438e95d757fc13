import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import {
  parseToolInput,
  type LlmClient,
  type LlmEvent,
  type LlmMessage,
  type LlmTool,
} from './llm-client.js';
import type { Fetch } from '../egress/egress-fetch.js';
import { redactor, rememberKey } from './redact.js';

export interface ClientSettings {
  baseUrl: string | null;
  apiKey: string | null;
  model: string;
  maxOutputTokens?: number;
  timeoutMs: number;
  maxRetries: number;
  /** The egress-checked fetch (providers/egress); the SDK's global fetch when absent (unit tests). */
  fetch?: Fetch;
}

/** OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, …) with native tool calling, streamed. */
export class OpenAiClient implements LlmClient {
  readonly kind = 'openai' as const;
  private readonly sdk: OpenAI;

  readonly redact: (text: string) => string;

  constructor(private readonly settings: ClientSettings) {
    rememberKey(settings.apiKey);
    this.redact = redactor([settings.apiKey]);
    this.sdk = new OpenAI({
      apiKey: settings.apiKey ?? 'none',
      baseURL: settings.baseUrl ?? undefined,
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    });
  }

  async *stream(messages: LlmMessage[], tools: LlmTool[], signal: AbortSignal): AsyncIterable<LlmEvent> {
    const stream = await this.sdk.chat.completions.create(
      {
        model: this.settings.model,
        messages: messages.map(toOpenAi),
        ...(tools.length ? { tools: tools.map(toOpenAiTool), tool_choice: 'auto' as const } : {}),
        ...(this.settings.maxOutputTokens ? { max_completion_tokens: this.settings.maxOutputTokens } : {}),
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal },
    );
    const calls = new Map<number, { id: string; name: string; args: string }>();
    for await (const chunk of stream) {
      for (const choice of chunk.choices ?? []) {
        const delta = choice.delta;
        // Not in the SDK's types: DeepSeek, vLLM and others send reasoning_content, OpenRouter and Ollama reasoning.
        const thought = (delta as { reasoning_content?: unknown; reasoning?: unknown } | undefined) ?? {};
        const reasoning =
          typeof thought.reasoning_content === 'string' ? thought.reasoning_content : thought.reasoning;
        if (typeof reasoning === 'string' && reasoning) yield { type: 'reasoning', delta: reasoning };
        if (delta?.content) yield { type: 'text', delta: delta.content };
        for (const tc of delta?.tool_calls ?? []) {
          const cur = calls.get(tc.index) ?? { id: '', name: '', args: '' };
          if (tc.id) cur.id = tc.id;
          if (tc.function?.name) cur.name += tc.function.name;
          if (tc.function?.arguments) cur.args += tc.function.arguments;
          calls.set(tc.index, cur);
        }
      }
      if (chunk.usage) {
        const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
        yield {
          type: 'usage',
          usage: {
            input: chunk.usage.prompt_tokens - cached,
            output: chunk.usage.completion_tokens,
            cacheRead: cached,
            cacheWrite: 0,
          },
        };
      }
    }
    for (const [index, c] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
      yield {
        type: 'tool_call',
        call: { id: c.id || `call_${index}`, name: c.name, input: parseToolInput(c.args) },
      };
    }
  }
}

function toOpenAi(m: LlmMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: m.content || null,
        ...(m.toolCalls.length
          ? {
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: 'function' as const,
                function: { name: c.name, arguments: JSON.stringify(c.input) },
              })),
            }
          : {}),
      };
    case 'tool':
      return {
        role: 'tool',
        tool_call_id: m.toolCallId,
        content: m.isError ? `ERROR: ${m.content}` : m.content,
      };
  }
}

const toOpenAiTool = (t: LlmTool): ChatCompletionTool => ({
  type: 'function',
  function: { name: t.name, description: t.description, parameters: t.parameters },
});
