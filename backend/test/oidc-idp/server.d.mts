export interface IdpUser {
  password: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface IdpClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  token_endpoint_auth_method?: string;
}

export interface IdpTokenRequest {
  authorization: string;
  params: Record<string, unknown>;
  status: number;
}

export declare class TestIdp {
  constructor(options: { clients: IdpClient[]; users: Record<string, IdpUser> });
  readonly issuer: string;
  users: Record<string, IdpUser>;
  readonly tokenRequests: IdpTokenRequest[];
  /** kid of the last ID token the provider issued. */
  readonly lastIdTokenKid: string | undefined;
  start(port?: number, host?: string): Promise<string>;
  /** A new signing key in front, the old ones still published; returns the new kid. */
  rotateKeys(): Promise<string>;
  substituteNextToken(body: Record<string, unknown>): void;
  close(): Promise<void>;
}
