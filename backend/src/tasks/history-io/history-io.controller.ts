import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { ClientIp, CurrentUser, type AuthUser } from '../../auth/auth-user.js';
import { EXPORT_FORMATS, HistoryIoService, type ExportFormat } from './history-io.service.js';
import { HistoryImportView } from '../views.js';

export class ExportQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'markdown' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class ImportQuery {
  @ApiPropertyOptional({ description: 'the mode the imported task is shown in (default code)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/, { message: 'mode must be a mode slug' })
  mode?: string;
}

const length = (v?: string) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class HistoryIoController {
  constructor(private readonly history: HistoryIoService) {}

  /** A task's history as Markdown, or as Roo's ui_messages.json / api_conversation_history.json (viewers). */
  @Get('tasks/:id/export')
  @ApiProduces('text/markdown', 'application/json')
  @ApiOkResponse({ description: 'a file download', schema: { type: 'string', format: 'binary' } })
  async export(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.history.export(user, id, q.format ?? 'markdown');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.body);
  }

  /**
   * Imports a Roo/Zoo Code task history as a completed, read-only task (members). Body:
   * `{uiMessages?, apiConversationHistory?, title?}` (the two files' contents), up to 32 MiB.
   */
  @Post('workspaces/:ws/tasks/import')
  @HttpCode(201)
  @ApiConsumes('application/json')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        uiMessages: { type: 'array', items: { type: 'object', additionalProperties: true } },
        apiConversationHistory: { type: 'array', items: { type: 'object', additionalProperties: true } },
        title: { type: 'string' },
      },
    },
  })
  @ApiQuery({ name: 'mode', required: false })
  @ApiCreatedResponse({ type: HistoryImportView })
  import(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query() q: ImportQuery,
    @Req() req: Request,
    @ClientIp() ip: string,
    @Headers('content-type') contentType?: string,
    @Headers('content-length') len?: string,
  ) {
    return this.history.import(user, ws, req, contentType, length(len), q.mode, ip);
  }
}
