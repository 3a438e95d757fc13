// The baseline of `make bench`: a bare Node HTTP server answering small JSON, put behind
// the same nginx as the API, so the API's figures can be read as a ratio of it.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 27010);
const body = JSON.stringify({ items: [{ id: 'b2c4', name: 'bench', role: 'owner' }], nextCursor: null });
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`baseline on :${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
