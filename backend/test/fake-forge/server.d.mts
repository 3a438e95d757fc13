import type { IncomingHttpHeaders } from 'node:http';

export interface ForgeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | null;
}

export declare class FakeForge {
  constructor(options?: { token?: string });
  readonly requests: ForgeRequest[];
  failNext: { status: number; message: string } | undefined;
  url: string;
  hostPort: string;
  start(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
