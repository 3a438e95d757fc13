import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { pipeline } from 'node:stream';
import type { Request, Response } from 'express';
import { BadInputError } from '../common/errors/domain-errors.js';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { FilesService } from './files.service.js';
import { FileImportResultView, FileListingView, FileMetaView, PresignedUrlView } from './views.js';

class MoveFileDto {
  @ApiProperty() @IsString() @MaxLength(2048) from: string;
  @ApiProperty() @IsString() @MaxLength(2048) to: string;
}

const length = (h?: string) => (h && /^\d+$/.test(h) ? Number(h) : undefined);

@ApiTags('files')
@ApiBearerAuth()
@Controller('workspaces/:ws/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Get()
  @ApiQuery({ name: 'prefix', required: false })
  @ApiQuery({ name: 'recursive', required: false, type: Boolean })
  @ApiOkResponse({ type: FileListingView })
  list(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query('prefix') prefix?: string,
    @Query('recursive') recursive?: string,
  ): Promise<FileListingView> {
    return this.files.list(user, ws, prefix, recursive === 'true' || recursive === '1');
  }

  @Get('stat')
  @ApiOkResponse({ type: FileMetaView })
  stat(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query('path') path: string,
  ): Promise<FileMetaView> {
    return this.files.stat(user, ws, path);
  }

  @Get('content')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'the bytes, with the stored Content-Type and an ETag',
    ...{ schema: { type: 'string', format: 'binary' } },
  })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query('path') path: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { meta, body } = await this.files.open(user, ws, path);
    res.setHeader('ETag', `"${meta.sha256}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Workspace files are user content: opened directly (html, svg), they run nothing on our origin.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    const options = {
      type: meta.contentType,
      length: meta.size,
      disposition: `inline; filename="${encodeURIComponent(meta.path.split('/').pop()!)}"`,
    };
    // Small files come as bytes (from the content cache), larger ones as a stream from the bucket.
    return Buffer.isBuffer(body) ? new StreamableFile(body, options) : new StreamableFile(body, options);
  }

  @Get('export')
  @ApiQuery({ name: 'format', required: false, enum: ['zip', 'tar.gz'] })
  @ApiQuery({ name: 'prefix', required: false, description: 'a folder (default: the whole workspace)' })
  @ApiProduces('application/zip', 'application/gzip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async export(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @ClientIp() ip: string,
    @Res() res: Response,
    @Query('format') format = 'zip',
    @Query('prefix') prefix?: string,
  ) {
    if (format !== 'zip' && format !== 'tar.gz') throw new BadInputError('format must be zip or tar.gz');
    const out = await this.files.export(user, ws, prefix, format, ip);
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(out.filename)}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Headers are gone once bytes flow: a failure midway cuts the download (never a short archive
    // that looks whole); a client that leaves stops the reads from storage.
    pipeline(out.stream, res, (err) => {
      if (err && !res.destroyed) res.destroy(err);
    });
  }

  @Get('url')
  @ApiOkResponse({ type: PresignedUrlView })
  url(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query('path') path: string,
  ): Promise<PresignedUrlView> {
    return this.files.presign(user, ws, path);
  }

  @Put('content')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: FileMetaView })
  upload(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query('path') path: string,
    @Req() req: Request,
    @ClientIp() ip: string,
    @Headers('content-length') len?: string,
  ): Promise<FileMetaView> {
    return this.files.upload(user, ws, path, req, length(len), ip);
  }

  @Post('move')
  @ApiCreatedResponse({ type: FileMetaView })
  move(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: MoveFileDto,
    @ClientIp() ip: string,
  ): Promise<FileMetaView> {
    return this.files.move(user, ws, dto.from, dto.to, ip);
  }

  @Delete()
  @HttpCode(204)
  remove(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query('path') path: string,
    @ClientIp() ip: string,
  ) {
    return this.files.remove(user, ws, path, ip);
  }

  @Post('import')
  @ApiConsumes('application/zip', 'application/x-tar', 'application/gzip')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'prefix', required: false, description: 'the folder to import into' })
  @ApiCreatedResponse({ type: FileImportResultView })
  import(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Req() req: Request,
    @ClientIp() ip: string,
    @Query('prefix') prefix?: string,
    @Headers('content-length') len?: string,
  ): Promise<FileImportResultView> {
    return this.files.import(user, ws, prefix, req, length(len), ip);
  }
}
