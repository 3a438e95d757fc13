export interface FakeGitHubUser {
  id: number;
  name?: string | null;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

export interface GitHubExchange {
  basic: { id: string; secret: string } | null;
  body: Record<string, string>;
  accept: string | undefined;
  answer: string | null;
}

export interface GitHubApiCall {
  path: string;
  authorization: string;
  userAgent: string | undefined;
  accept: string | undefined;
  apiVersion: string | undefined;
}

export declare class FakeGitHub {
  constructor(options: {
    clientId: string;
    clientSecret: string;
    callbackUrl: string;
    users: Record<string, FakeGitHubUser>;
  });
  url: string;
  signedInAs: string | undefined;
  readonly exchanges: GitHubExchange[];
  readonly apiCalls: GitHubApiCall[];
  start(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
