/** The one interface the agent loop talks to, whichever provider is behind it. */

export interface LlmToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type LlmMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls: LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string; isError: boolean };

/** A tool offered to the model (JSON Schema parameters). */
export interface LlmTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface LlmUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export type LlmEvent =
  | { type: 'text'; delta: string }
  /** The model's reasoning (OpenAI-compatible reasoning_content/reasoning, Anthropic thinking); `signature` ends an Anthropic thinking block. */
  | { type: 'reasoning'; delta: string; signature?: string }
  | { type: 'tool_call'; call: LlmToolCall }
  | { type: 'usage'; usage: LlmUsage };

export interface LlmClient {
  readonly kind: 'openai' | 'anthropic';
  /** Streams one model answer; aborting `signal` stops the HTTP request. */
  stream(messages: LlmMessage[], tools: LlmTool[], signal: AbortSignal): AsyncIterable<LlmEvent>;
  /** Removes this client's key (any encoding) and known key shapes from a text before it is stored or logged. */
  redact(text: string): string;
}

/** A provider failure the task reports as its reason (the message never contains the key). */
export class LlmError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export function parseToolInput(raw: string): Record<string, unknown> {
  if (!raw.trim()) return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { __invalid_json: raw };
  }
}
