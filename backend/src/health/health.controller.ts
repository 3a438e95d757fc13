import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: HealthService,
  ) {}

  /** The process is up (no dependency checked: a restart would not fix them). */
  @Get('live')
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  live() {
    return { status: 'ok' };
  }

  /** 200 when Postgres (with a current schema), Redis and object storage answer; 503 naming the failed one otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.checks.readinessChecks());
  }
}
