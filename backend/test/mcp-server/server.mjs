// A real MCP server (official SDK, Streamable HTTP, stateless) for tests: tools, a resource,
// a token check, and misbehaving endpoints (garbage answers, a server that never answers).
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export const README_TEXT = 'Release notes: version 4.2 ships on Friday.';

export class TestMcpServer {
  /** @param {{ token?: string }} [options] */
  constructor(options = {}) {
    this.token = options.token;
    /** Every tool call the server carried out: { tool, args }. */
    this.calls = [];
    /** The Authorization header of every MCP request. */
    this.authorizations = [];
    /** How /flaky behaves: 'ok' (the MCP server), 'garbage' (HTML) or 'hang' (no answer). */
    this.flaky = 'ok';
    this.url = '';
    this.sockets = new Set();
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get mcpUrl() {
    return `${this.url}/mcp`;
  }

  build() {
    const mcp = new McpServer({ name: 'test-mcp', version: '1.0.0' }, { capabilities: { resources: {} } });
    const record = (tool, args) => this.calls.push({ tool, args });
    mcp.registerTool(
      'add',
      { description: 'Add two numbers.', inputSchema: { a: z.number(), b: z.number() } },
      async ({ a, b }) => {
        record('add', { a, b });
        return { content: [{ type: 'text', text: `The sum is ${a + b}.` }] };
      },
    );
    mcp.registerTool('whoami', { description: 'Tell who is calling.' }, async (extra) => {
      record('whoami', {});
      const auth = extra.requestInfo?.headers?.authorization ?? 'nobody';
      return { content: [{ type: 'text', text: `You called with ${auth}` }] };
    });
    mcp.registerTool('delete_everything', { description: 'Deletes all data.' }, async () => {
      record('delete_everything', {});
      return { content: [{ type: 'text', text: 'everything deleted' }] };
    });
    mcp.registerTool(
      'big',
      { description: 'Answer N kilobytes of text.', inputSchema: { kb: z.number() } },
      async ({ kb }) => {
        record('big', { kb });
        return { content: [{ type: 'text', text: 'x'.repeat(kb * 1024) }] };
      },
    );
    mcp.registerTool('slow', { description: 'Never answers.' }, async (extra) => {
      record('slow', {});
      await new Promise((resolve) => extra.signal.addEventListener('abort', resolve));
      return { content: [{ type: 'text', text: 'too late' }] };
    });
    mcp.registerTool('fails', { description: 'Reports an error.' }, async () => {
      record('fails', {});
      return { isError: true, content: [{ type: 'text', text: 'the database is down' }] };
    });
    mcp.registerResource(
      'readme',
      'notes://readme',
      { description: 'The release notes.', mimeType: 'text/plain' },
      async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: README_TEXT }] }),
    );
    return mcp;
  }

  async handle(req, res) {
    let path = (req.url ?? '').split('?')[0];
    if (path === '/flaky') path = this.flaky === 'ok' ? '/mcp' : `/${this.flaky}`;
    if (path === '/hang') return; // accepts the request, never answers
    if (path === '/garbage') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body>this is not an MCP server</body></html>');
    }
    if (path === '/redirect') {
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' });
      return res.end();
    }
    if (path !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    this.authorizations.push(req.headers.authorization ?? null);
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: 'unauthorized' }));
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    // Stateless: a server and a transport per request.
    const mcp = this.build();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    try {
      await mcp.connect(transport);
      await transport.handleRequest(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  }

  async start(port = 0, host = '127.0.0.1') {
    await new Promise((resolve) => this.server.listen(port, host, resolve));
    this.url = `http://${host}:${this.server.address().port}`;
    return this.url;
  }

  async close() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }
}
