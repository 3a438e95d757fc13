import Anthropic from '@anthropic-ai/sdk';
import type {
  MessageParam,
  TextBlockParam,
  Tool,
  ToolResultBlockParam,
  ToolUseBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import {
  parseToolInput,
  type LlmClient,
  type LlmEvent,
  type LlmMessage,
  type LlmTool,
} from './llm-client.js';
import { withCacheBreakpoints } from '../pricing/prompt-cache.js';
import { redactor, rememberKey } from './redact.js';
import type { ClientSettings } from './openai-client.js';

/** Anthropic messages API, streamed, with tool_use blocks. */
export class AnthropicClient implements LlmClient {
  readonly kind = 'anthropic' as const;
  private readonly sdk: Anthropic;

  readonly redact: (text: string) => string;

  constructor(private readonly settings: ClientSettings) {
    rememberKey(settings.apiKey);
    this.redact = redactor([settings.apiKey]);
    this.sdk = new Anthropic({
      apiKey: settings.apiKey ?? 'none',
      baseURL: settings.baseUrl ?? undefined,
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    });
  }

  async *stream(messages: LlmMessage[], tools: LlmTool[], signal: AbortSignal): AsyncIterable<LlmEvent> {
    const system = messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    const stream = await this.sdk.messages.create(
      {
        model: this.settings.model,
        max_tokens: this.settings.maxOutputTokens ?? 8192,
        // Cache breakpoints on the system prompt and the last two user turns (pricing/prompt-cache).
        ...withCacheBreakpoints(system, toAnthropic(messages)),
        ...(tools.length ? { tools: tools.map(toAnthropicTool) } : {}),
        stream: true,
      },
      { signal },
    );
    const blocks = new Map<number, { id: string; name: string; json: string }>();
    let input = 0;
    let cacheRead = 0;
    let cacheWrite = 0;
    for await (const ev of stream) {
      switch (ev.type) {
        case 'message_start':
          input = ev.message.usage.input_tokens;
          cacheRead = ev.message.usage.cache_read_input_tokens ?? 0;
          cacheWrite = ev.message.usage.cache_creation_input_tokens ?? 0;
          break;
        case 'content_block_start':
          if (ev.content_block.type === 'tool_use')
            blocks.set(ev.index, { id: ev.content_block.id, name: ev.content_block.name, json: '' });
          break;
        case 'content_block_delta':
          if (ev.delta.type === 'text_delta') yield { type: 'text', delta: ev.delta.text };
          else if (ev.delta.type === 'thinking_delta') yield { type: 'reasoning', delta: ev.delta.thinking };
          else if (ev.delta.type === 'signature_delta')
            yield { type: 'reasoning', delta: '', signature: ev.delta.signature };
          else if (ev.delta.type === 'input_json_delta') {
            const b = blocks.get(ev.index);
            if (b) b.json += ev.delta.partial_json;
          }
          break;
        case 'content_block_stop': {
          const b = blocks.get(ev.index);
          if (b) yield { type: 'tool_call', call: { id: b.id, name: b.name, input: parseToolInput(b.json) } };
          break;
        }
        case 'message_delta':
          yield { type: 'usage', usage: { input, output: ev.usage.output_tokens, cacheRead, cacheWrite } };
          break;
        default:
          break;
      }
    }
  }
}

/** Tool results become user turns; consecutive user content is merged, as the API requires alternation. */
function toAnthropic(messages: LlmMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  const push = (
    role: 'user' | 'assistant',
    blocks: (TextBlockParam | ToolUseBlockParam | ToolResultBlockParam)[],
  ) => {
    const last = out[out.length - 1];
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'user') push('user', [{ type: 'text', text: m.content || '(empty)' }]);
    else if (m.role === 'tool')
      push('user', [
        { type: 'tool_result', tool_use_id: m.toolCallId, content: m.content, is_error: m.isError },
      ]);
    else {
      const blocks: (TextBlockParam | ToolUseBlockParam)[] = [];
      if (m.content) blocks.push({ type: 'text', text: m.content });
      for (const c of m.toolCalls) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.input });
      if (blocks.length) push('assistant', blocks);
    }
  }
  return out;
}

const toAnthropicTool = (t: LlmTool): Tool => ({
  name: t.name,
  description: t.description,
  input_schema: { type: 'object', ...t.parameters } as Tool['input_schema'],
});
