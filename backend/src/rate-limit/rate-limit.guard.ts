import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimitService } from './rate-limit.service.js';

/** The general per-IP limit on every API route (health included, so probes must stay modest). */
@Injectable()
export class GeneralRateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimitService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    await this.limits.consume('general', req.ip ?? 'unknown');
    return true;
  }
}
