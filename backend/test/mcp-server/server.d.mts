export declare const README_TEXT: string;

export declare class TestMcpServer {
  constructor(options?: { token?: string });
  /** Every tool call the server carried out. */
  readonly calls: { tool: string; args: Record<string, unknown> }[];
  /** The Authorization header of every MCP request (null when absent). */
  readonly authorizations: (string | null)[];
  /** How /flaky behaves: the MCP server, an HTML page, or no answer at all. */
  flaky: 'ok' | 'garbage' | 'hang';
  /** http://127.0.0.1:<port>; paths: /mcp (the server), /flaky, /garbage, /hang, /redirect. */
  url: string;
  readonly mcpUrl: string;
  start(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
