export interface GitServerRequest {
  method: string;
  path: string;
  authorized: boolean;
  authorization: string | undefined;
}

export declare class GitServer {
  constructor(options: { token: string });
  readonly token: string;
  readonly root: string;
  readonly requests: GitServerRequest[];
  url: string;
  /** `127.0.0.1:<port>`, for GIT_TRUSTED_HOSTS. */
  hostPort: string;
  createRepo(name: string, files: Record<string, string | Buffer>, branch?: string): string;
  git(name: string, ...args: string[]): string;
  start(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
