// The fake LLM for `make bench`: every request is answered at once with a short streamed
// text and no tool call, so each task completes after one model turn ("instant" provider).
import { FakeLlm } from '../backend/test/fake-llm/server.mjs';

const port = Number(process.argv[2] ?? 27020);
const fake = new FakeLlm(() => ({ text: 'Done: nothing to change.', chunks: 3, usage: { input: 50, output: 8 } }));
const url = await fake.start(port, '127.0.0.1');
process.stdout.write(`fake LLM on ${url}\n`);
const stop = () => fake.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
