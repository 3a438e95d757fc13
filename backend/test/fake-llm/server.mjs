// A scripted fake LLM server speaking the OpenAI chat-completions and Anthropic messages
// streaming (SSE) formats, for tests and the browser e2e run. Plain ESM JavaScript so
// plain Node 24 can run it (`node backend/test/fake-llm/cli.mjs`); types in server.d.mts.
//
// Script format — each request takes the next turn (or `script(request, index)` decides):
//   {
//     text?: string,                 // assistant text, streamed in `chunks` pieces
//     toolCalls?: [{ name, input, id? }],
//     usage?: { input, output, cacheRead?, cacheWrite? },
//     chunks?: number,               // how many text deltas (default 3)
//     delayMs?: number,              // pause between SSE events (a slow stream)
//     hang?: boolean,                // send the first text delta, then never finish
//     status?: number,               // answer this HTTP error instead (429, 500, …)
//     retryAfter?: number,           // Retry-After header for a 429
//     error?: string,                // error message in the error body
//     reasoning?: string,            // the model's reasoning, streamed before the text: OpenAI
//                                    // `reasoning_content` deltas (or `reasoning` with
//                                    // reasoningField: 'reasoning'), an Anthropic thinking block
//                                    // (thinking_delta pieces + signature_delta)
//   }
// In `error` and `text`, {key}, {key64} and {keyurl} become the API key the request carried
// (raw, base64, URL-encoded): a provider that echoes the key, for the redaction tests.
// Endpoints: POST /v1/chat/completions (and /chat/completions), POST /v1/messages.
// Every request is kept in `requests` ({path, headers, body}) for the test to inspect.
// Option `maxContext` (tokens): a request whose estimate (estimateRequestTokens: the text
// of system, messages and tool calls plus the tool definitions, 4 characters a token) is
// larger is answered 400 context_length_exceeded, as OpenAI does; `maxRequestTokens` holds
// the largest estimate seen and `contextRejections` how many were refused.
import { createServer } from 'node:http';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function splitText(text, n) {
  if (!text) return [];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, n)));
  const parts = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}

/** Number of tool results the conversation already holds (either wire format). */
export function toolResultsIn(body) {
  let n = 0;
  for (const m of body?.messages ?? []) {
    if (m.role === 'tool') n++;
    if (m.role === 'user' && Array.isArray(m.content))
      n += m.content.filter((b) => b.type === 'tool_result').length;
  }
  return n;
}

/** Text of the last tool result in the conversation (either wire format). */
export function lastToolResult(body) {
  let last = '';
  for (const m of body?.messages ?? []) {
    if (m.role === 'tool') last = typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
    if (m.role === 'user' && Array.isArray(m.content)) {
      for (const b of m.content)
        if (b.type === 'tool_result')
          last = typeof b.content === 'string' ? b.content : JSON.stringify(b.content);
    }
  }
  return last;
}

/**
 * The default script (used by the CLI for the browser e2e): read a file, ask a question,
 * write a file with the answer (needs approval), complete. Stateless: the step is chosen
 * from how many tool results the conversation holds, so any number of tasks can run.
 */
export function defaultScript(options = {}) {
  const readPath = options.readPath ?? 'README.md';
  const writePath = options.writePath ?? 'NOTES.md';
  return (request) => {
    const step = toolResultsIn(request.body);
    const usage = { input: 100 + step * 10, output: 20 };
    switch (step) {
      case 0:
        return {
          text: `Let me read ${readPath} first.`,
          toolCalls: [{ name: 'read_file', input: { path: readPath } }],
          usage,
        };
      case 1:
        return {
          text: 'I have read the file.',
          toolCalls: [
            {
              name: 'ask_followup_question',
              input: { question: 'What should the note say?', follow_up: ['Hello', 'Goodbye'] },
            },
          ],
          usage,
        };
      case 2: {
        const answer =
          /<answer>\s*([\s\S]*?)\s*<\/answer>/.exec(lastToolResult(request.body))?.[1] ?? 'no answer';
        return {
          text: `Writing ${writePath}.`,
          toolCalls: [
            { name: 'write_to_file', input: { path: writePath, content: `# Notes\n\n${answer}\n` } },
          ],
          usage,
        };
      }
      default:
        return {
          text: 'All done.',
          toolCalls: [{ name: 'attempt_completion', input: { result: `Wrote ${writePath}.` } }],
          usage,
        };
    }
  };
}

/** Estimated prompt tokens of a request in either wire format (text only, ~4 characters a token). */
export function estimateRequestTokens(body) {
  let chars = 0;
  const text = (v) => {
    if (typeof v === 'string') chars += v.length;
    else if (Array.isArray(v)) for (const b of v) block(b);
  };
  const block = (b) => {
    if (!b || typeof b !== 'object') return;
    if (typeof b.text === 'string') chars += b.text.length;
    if (b.type === 'tool_use') chars += (b.name ?? '').length + JSON.stringify(b.input ?? {}).length;
    if (b.type === 'tool_result') text(b.content);
  };
  text(body?.system);
  for (const m of body?.messages ?? []) {
    text(m.content);
    for (const c of m.tool_calls ?? [])
      chars += (c.function?.name ?? '').length + (c.function?.arguments ?? '').length;
  }
  for (const t of body?.tools ?? []) {
    const f = t.function ?? t;
    chars += JSON.stringify({
      name: f.name,
      description: f.description,
      parameters: f.parameters ?? f.input_schema,
    }).length;
  }
  return Math.ceil(chars / 4);
}

export class FakeLlm {
  constructor(script = defaultScript(), options = {}) {
    this.maxContext = options.maxContext ?? null;
    this.maxRequestTokens = 0;
    this.contextRejections = 0;
    this.requests = [];
    this.turns = [];
    this.script = typeof script === 'function' ? script : null;
    if (Array.isArray(script)) this.turns.push(...script);
    this.sockets = new Set();
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Queues more turns (used when no script function is set). */
  push(...turns) {
    this.turns.push(...turns);
  }

  async start(port = 0, host = '127.0.0.1') {
    await new Promise((resolve) => this.server.listen(port, host, resolve));
    const { port: actual } = this.server.address();
    this.url = `http://${host}:${actual}`;
    return this.url;
  }

  async close() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  async handle(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json"}}');
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    const request = { path, headers: req.headers, body };
    const index = this.requests.length;
    this.requests.push(request);
    const kind = path.endsWith('/messages')
      ? 'anthropic'
      : path.endsWith('/chat/completions')
        ? 'openai'
        : null;
    if (!kind || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const tokens = estimateRequestTokens(body);
    this.maxRequestTokens = Math.max(this.maxRequestTokens, tokens);
    if (this.maxContext !== null && tokens > this.maxContext) {
      this.contextRejections++;
      const message = `This model's maximum context length is ${this.maxContext} tokens. However, your messages resulted in ${tokens} tokens.`;
      const error =
        kind === 'anthropic'
          ? {
              type: 'error',
              error: {
                type: 'invalid_request_error',
                message: `prompt is too long: ${tokens} tokens > ${this.maxContext} maximum`,
              },
            }
          : { error: { message, type: 'invalid_request_error', code: 'context_length_exceeded' } };
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(error));
      return;
    }
    const scripted = (this.script ? this.script(request, index) : this.turns.shift()) ?? {
      text: 'OK',
      usage: { input: 1, output: 1 },
    };
    const turn = withKey(scripted, req.headers);
    if (turn.status) {
      const headers = { 'content-type': 'application/json' };
      if (turn.retryAfter !== undefined) headers['retry-after'] = String(turn.retryAfter);
      const error =
        kind === 'anthropic'
          ? {
              type: 'error',
              error: { type: 'api_error', message: turn.error ?? `fake error ${turn.status}` },
            }
          : { error: { message: turn.error ?? `fake error ${turn.status}`, type: 'server_error' } };
      res.writeHead(turn.status, headers).end(JSON.stringify(error));
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const events = kind === 'anthropic' ? anthropicEvents(turn, body) : openAiEvents(turn, body);
    let sent = 0;
    for (const ev of events) {
      if (res.destroyed) return;
      res.write(ev);
      sent++;
      if (turn.hang && sent >= 2) return; // keep the connection open, never finish
      if (turn.delayMs) await sleep(turn.delayMs);
    }
    res.end();
  }
}

/** The key a request carried (Bearer or x-api-key). */
function keyOf(headers) {
  const auth = headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? auth.slice(7) : String(headers['x-api-key'] ?? '');
}

function withKey(turn, headers) {
  const key = keyOf(headers);
  const fill = (s) =>
    typeof s === 'string'
      ? s
          .replaceAll('{key64}', Buffer.from(key).toString('base64'))
          .replaceAll('{keyurl}', encodeURIComponent(key))
          .replaceAll('{key}', key)
      : s;
  const toolCalls = turn.toolCalls && JSON.parse(fill(JSON.stringify(turn.toolCalls)));
  return { ...turn, text: fill(turn.text), error: fill(turn.error), toolCalls };
}

function openAiEvents(turn, body) {
  const id = `chatcmpl-${Math.random().toString(36).slice(2, 10)}`;
  const base = {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? 'fake',
  };
  const data = (o) => `data: ${JSON.stringify({ ...base, ...o })}\n\n`;
  const out = [
    data({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
  ];
  const field = turn.reasoningField ?? 'reasoning_content';
  for (const part of splitText(turn.reasoning ?? '', turn.chunks ?? 3))
    out.push(data({ choices: [{ index: 0, delta: { [field]: part }, finish_reason: null }] }));
  for (const part of splitText(turn.text ?? '', turn.chunks ?? 3))
    out.push(data({ choices: [{ index: 0, delta: { content: part }, finish_reason: null }] }));
  (turn.toolCalls ?? []).forEach((c, i) => {
    const args = JSON.stringify(c.input ?? {});
    const half = Math.ceil(args.length / 2);
    out.push(
      data({
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  index: i,
                  id: c.id ?? `call_${i}_${id}`,
                  type: 'function',
                  function: { name: c.name, arguments: '' },
                },
              ],
            },
            finish_reason: null,
          },
        ],
      }),
    );
    out.push(
      data({
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: i, function: { arguments: args.slice(0, half) } }] },
            finish_reason: null,
          },
        ],
      }),
    );
    out.push(
      data({
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: i, function: { arguments: args.slice(half) } }] },
            finish_reason: null,
          },
        ],
      }),
    );
  });
  out.push(
    data({
      choices: [{ index: 0, delta: {}, finish_reason: turn.toolCalls?.length ? 'tool_calls' : 'stop' }],
    }),
  );
  const u = turn.usage ?? { input: 10, output: 5 };
  out.push(
    data({
      choices: [],
      usage: {
        prompt_tokens: u.input + (u.cacheRead ?? 0),
        completion_tokens: u.output,
        total_tokens: u.input + (u.cacheRead ?? 0) + u.output,
        prompt_tokens_details: { cached_tokens: u.cacheRead ?? 0 },
      },
    }),
  );
  out.push('data: [DONE]\n\n');
  return out;
}

function anthropicEvents(turn, body) {
  const ev = (type, o) => `event: ${type}\ndata: ${JSON.stringify({ type, ...o })}\n\n`;
  const u = turn.usage ?? { input: 10, output: 5 };
  const out = [
    ev('message_start', {
      message: {
        id: `msg_${Math.random().toString(36).slice(2, 10)}`,
        type: 'message',
        role: 'assistant',
        content: [],
        model: body.model ?? 'fake',
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: u.input,
          output_tokens: 1,
          cache_creation_input_tokens: u.cacheWrite ?? 0,
          cache_read_input_tokens: u.cacheRead ?? 0,
        },
      },
    }),
  ];
  let index = 0;
  if (turn.reasoning) {
    out.push(
      ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    );
    for (const part of splitText(turn.reasoning, turn.chunks ?? 3))
      out.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: part } }));
    out.push(
      ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: 'fake-signature' } }),
    );
    out.push(ev('content_block_stop', { index }));
    index++;
  }
  if (turn.text) {
    out.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    for (const part of splitText(turn.text, turn.chunks ?? 3))
      out.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: part } }));
    out.push(ev('content_block_stop', { index }));
    index++;
  }
  for (const [i, c] of (turn.toolCalls ?? []).entries()) {
    const args = JSON.stringify(c.input ?? {});
    const half = Math.ceil(args.length / 2);
    out.push(
      ev('content_block_start', {
        index,
        content_block: {
          type: 'tool_use',
          id: c.id ?? `toolu_${i}_${Math.random().toString(36).slice(2, 12)}`,
          name: c.name,
          input: {},
        },
      }),
    );
    out.push(
      ev('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: args.slice(0, half) },
      }),
    );
    out.push(
      ev('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: args.slice(half) },
      }),
    );
    out.push(ev('content_block_stop', { index }));
    index++;
  }
  out.push(
    ev('message_delta', {
      delta: { stop_reason: turn.toolCalls?.length ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: u.output },
    }),
  );
  out.push(ev('message_stop', {}));
  return out;
}
