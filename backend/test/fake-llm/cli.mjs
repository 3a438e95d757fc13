#!/usr/bin/env node
// Starts the fake LLM with the default script (read a file, ask, write after approval,
// complete) for the browser e2e run:
//   node backend/test/fake-llm/cli.mjs [--port 4010] [--host 127.0.0.1] [--read README.md] [--write NOTES.md]
// Point a provider profile at http://host:port/v1 (kind openai) or http://host:port (kind anthropic).
import { parseArgs } from 'node:util';
import { defaultScript, FakeLlm } from './server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.FAKE_LLM_PORT ?? '4010' },
    host: { type: 'string', default: process.env.FAKE_LLM_HOST ?? '127.0.0.1' },
    read: { type: 'string', default: process.env.FAKE_LLM_READ_PATH ?? 'README.md' },
    write: { type: 'string', default: process.env.FAKE_LLM_WRITE_PATH ?? 'NOTES.md' },
  },
});

const fake = new FakeLlm(defaultScript({ readPath: values.read, writePath: values.write }));
const url = await fake.start(Number(values.port), values.host);
process.stdout.write(`fake LLM listening on ${url}\n`);
const stop = () => fake.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
