import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TokenScope } from './entities.js';

/** Who is calling, as the auth guard resolved it. */
export interface AuthUser {
  id: string;
  isAdmin: boolean;
  /** Session family of a signed-in browser/device; absent for API tokens. */
  sessionId?: string;
  /** Scopes of a personal API token; absent for a signed-in session (which may do everything). */
  scopes?: TokenScope[];
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** Client IP as Express resolved it through the trusted proxies. */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<{ ip?: string }>().ip ?? 'unknown';
});
