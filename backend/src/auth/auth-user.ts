import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ForbiddenError } from '../common/errors/domain-errors.js';
import type { TokenScope } from './entities.js';

/** Who is calling, as the auth guard resolved it. */
export interface AuthUser {
  id: string;
  isAdmin: boolean;
  /** Session family of a signed-in browser/device; absent for API tokens. */
  sessionId?: string;
  /** Scopes of a personal API token; absent for a signed-in session (which may do everything). */
  scopes?: TokenScope[];
  /** Id of the personal API token used; absent for a signed-in session. */
  tokenId?: string;
  /** When the credential stops being valid (epoch ms); absent if it never expires. */
  expiresAt?: number;
}

/** What an action does, for API-token scopes: `read` (GET-like) or `write` (anything else). */
export type TokenAccess = 'read' | 'write';

/**
 * The one scope rule, shared by REST (per HTTP method) and Socket.IO (per event): a
 * token without the `write` scope may only read. Sessions may do everything.
 */
export function assertTokenAllows(user: AuthUser, access: TokenAccess): void {
  if (access === 'write' && user.scopes && !user.scopes.includes('write'))
    throw new ForbiddenError('this API token is read-only');
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** Client IP as Express resolved it through the trusted proxies. */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<{ ip?: string }>().ip ?? 'unknown';
});
