import type { IncomingHttpHeaders } from 'node:http';

export interface FakeToolCall {
  name: string;
  input?: Record<string, unknown>;
  id?: string;
}
export interface FakeTurn {
  text?: string;
  toolCalls?: FakeToolCall[];
  usage?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  chunks?: number;
  delayMs?: number;
  hang?: boolean;
  status?: number;
  retryAfter?: number;
  error?: string;
  /** Reasoning streamed before the text (OpenAI reasoning_content / reasoning, Anthropic thinking). */
  reasoning?: string;
  reasoningField?: 'reasoning_content' | 'reasoning';
}
export interface FakeRequest {
  path: string;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON of either wire format
  body: { model?: string; messages?: any[]; tools?: any[]; system?: unknown; [k: string]: unknown };
}
export type FakeScript = FakeTurn[] | ((request: FakeRequest, index: number) => FakeTurn | undefined);

export declare function toolResultsIn(body: FakeRequest['body']): number;
export declare function estimateRequestTokens(body: FakeRequest['body']): number;
export declare function lastToolResult(body: FakeRequest['body']): string;
export declare function defaultScript(options?: {
  readPath?: string;
  writePath?: string;
}): (request: FakeRequest) => FakeTurn;

export declare class FakeLlm {
  constructor(script?: FakeScript, options?: { maxContext?: number });
  readonly requests: FakeRequest[];
  /** The largest estimated request (estimateRequestTokens) seen so far. */
  readonly maxRequestTokens: number;
  /** Requests refused as larger than `maxContext`. */
  readonly contextRejections: number;
  maxContext: number | null;
  url: string;
  push(...turns: FakeTurn[]): void;
  start(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
