#!/usr/bin/env node
// Starts the fake LLM with the default script (read a file, ask, write after approval,
// complete) for the browser e2e run:
//   node backend/test/fake-llm/cli.mjs [--port 4010] [--host 127.0.0.1] [--read README.md] [--write NOTES.md]
// Point a provider profile at http://host:port/v1 (kind openai) or http://host:port (kind anthropic).
import { parseArgs } from 'node:util';
import { defaultScript, FakeLlm, lastToolResult, toolResultsIn } from './server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.FAKE_LLM_PORT ?? '4010' },
    host: { type: 'string', default: process.env.FAKE_LLM_HOST ?? '127.0.0.1' },
    read: { type: 'string', default: process.env.FAKE_LLM_READ_PATH ?? 'README.md' },
    write: { type: 'string', default: process.env.FAKE_LLM_WRITE_PATH ?? 'NOTES.md' },
  },
});

// A task whose prompt holds a line "Run this command: <command line>" gets the command
// script instead (the Docker tier's sandbox check): execute_command with that line, then
// attempt_completion quoting the command's result. Any other prompt: the default script.
const COMMAND_LINE = /^Run this command: (.+)$/m;
function userText(body) {
  const parts = [];
  for (const m of body?.messages ?? []) {
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') parts.push(m.content);
    else if (Array.isArray(m.content))
      for (const b of m.content) if (typeof b.text === 'string') parts.push(b.text);
  }
  return parts.join('\n');
}
function routed(base) {
  return (request, index) => {
    const command = COMMAND_LINE.exec(userText(request.body))?.[1]?.trim();
    if (!command) return base(request, index);
    const usage = { input: 100, output: 20 };
    if (toolResultsIn(request.body) === 0)
      return { text: 'Running it.', toolCalls: [{ name: 'execute_command', input: { command } }], usage };
    return {
      text: 'Done.',
      toolCalls: [
        {
          name: 'attempt_completion',
          input: { result: `Ran it: ${lastToolResult(request.body).slice(0, 500)}` },
        },
      ],
      usage,
    };
  };
}

const fake = new FakeLlm(routed(defaultScript({ readPath: values.read, writePath: values.write })));
const url = await fake.start(Number(values.port), values.host);
process.stdout.write(`fake LLM listening on ${url}\n`);
const stop = () => fake.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
