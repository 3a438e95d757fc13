import { createHash, randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream';
import { Body, Controller, Get, HttpCode, Injectable, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { Public } from '../auth/public.decorator.js';
import { DomainError, NotFoundError } from '../common/errors/domain-errors.js';
import { RedisService } from '../redis/redis.service.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { ExportFormat } from './export.js';
import { normalizePrefix } from './file-path.js';
import { FilesService } from './files.service.js';
import { ExportLinkView } from './views.js';

/** How long a download link works; it works once. */
export const EXPORT_LINK_TTL_SECONDS = 60;

export class ExportLinkDto {
  @ApiPropertyOptional({ enum: ['zip', 'tar.gz'], default: 'zip' })
  @IsOptional()
  @IsIn(['zip', 'tar.gz'])
  format?: ExportFormat;

  @ApiPropertyOptional({ description: 'a folder (default: the whole workspace)' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  prefix?: string;
}

interface Grant {
  user: AuthUser;
  workspaceId: string;
  prefix: string;
  format: ExportFormat;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Short-lived, single-use download links for exports: the browser can follow a plain
 * link (streamed to disk by the browser itself, memory stays flat) without the bearer
 * token in a URL. Only the token's hash is kept, in Redis, for EXPORT_LINK_TTL_SECONDS;
 * redeeming it deletes it atomically (GETDEL) and checks again that the sign-in is
 * still valid and the caller may still read the workspace.
 */
@Injectable()
export class ExportLinksService {
  constructor(
    private readonly redis: RedisService,
    private readonly files: FilesService,
    private readonly workspaces: WorkspacesService,
    private readonly auth: AuthService,
    private readonly db: DataSource,
  ) {}

  private key(token: string) {
    return `${this.redis.prefix}export-link:${hashOf(token)}`;
  }

  async create(user: AuthUser, workspaceId: string, dto: ExportLinkDto) {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const prefix = normalizePrefix(dto.prefix);
    if (prefix) {
      const [hit] = (await this.db.query(
        `SELECT 1 FROM files WHERE workspace_id = $1 AND starts_with(path, $2) LIMIT 1`,
        [workspaceId, prefix],
      )) as unknown[];
      if (!hit) throw new NotFoundError(`folder ${prefix} not found`);
    }
    const token = randomBytes(32).toString('base64url');
    const grant: Grant = { user, workspaceId, prefix, format: dto.format ?? 'zip' };
    await this.redis.client.set(this.key(token), JSON.stringify(grant), 'EX', EXPORT_LINK_TTL_SECONDS);
    return {
      url: `/api/v1/exports/${token}`,
      expiresAt: new Date(Date.now() + EXPORT_LINK_TTL_SECONDS * 1000).toISOString(),
    };
  }

  async redeem(token: string, ip: string) {
    const gone = new DomainError(
      410,
      'this download link has expired or was already used; start the download again',
    );
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw gone;
    const raw = await this.redis.client.getdel(this.key(token));
    if (!raw) throw gone;
    const grant = JSON.parse(raw) as Grant;
    if (!(await this.auth.stillValid(grant.user))) throw gone;
    return this.files.export(grant.user, grant.workspaceId, grant.prefix, grant.format, ip);
  }
}

@ApiTags('files')
@Controller()
export class ExportLinksController {
  constructor(private readonly links: ExportLinksService) {}

  @Post('workspaces/:ws/files/export-link')
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiCreatedResponse({ type: ExportLinkView })
  create(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: ExportLinkDto,
  ): Promise<ExportLinkView> {
    return this.links.create(user, ws, dto);
  }

  @Public()
  @Get('exports/:token')
  @ApiProduces('application/zip', 'application/gzip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async download(@Param('token') token: string, @ClientIp() ip: string, @Res() res: Response) {
    const out = await this.links.redeem(token, ip);
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(out.filename)}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    pipeline(out.stream, res, (err) => {
      if (err && !res.destroyed) res.destroy(err);
    });
  }
}
