import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import {
  CreateModeDto,
  ExportedModes,
  ExportModesQuery,
  ImportModesDto,
  ImportModesResult,
  ModeView,
  UpdateModeDto,
} from './dto.js';
import { ModesService } from './modes.service.js';

@ApiTags('modes')
@ApiBearerAuth()
@Controller('workspaces/:ws/modes')
export class ModesController {
  constructor(private readonly modes: ModesService) {}

  @Get()
  @ApiOkResponse({ type: [ModeView] })
  list(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string) {
    return this.modes.list(user, ws);
  }

  @Post()
  @ApiOkResponse({ type: ModeView })
  create(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: CreateModeDto,
    @ClientIp() ip: string,
  ) {
    return this.modes.create(user, ws, dto, ip);
  }

  /** Roo Code's .roomodes (YAML or JSON); unknown fields and legacy groups are reported as warnings. */
  @Post('import')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportModesResult })
  importModes(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: ImportModesDto,
    @ClientIp() ip: string,
  ) {
    return this.modes.importModes(user, ws, dto.content, dto.overwrite ?? false, ip);
  }

  @Get('export')
  @ApiOkResponse({ type: ExportedModes })
  exportModes(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query() q: ExportModesQuery,
  ) {
    return this.modes.exportModes(user, ws, q.format ?? 'yaml', q.builtIn === 'true');
  }

  @Patch(':slug')
  @ApiOkResponse({ type: ModeView })
  update(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('slug') slug: string,
    @Body() dto: UpdateModeDto,
    @ClientIp() ip: string,
  ) {
    return this.modes.update(user, ws, slug, dto, ip);
  }

  @Delete(':slug')
  @HttpCode(204)
  remove(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('slug') slug: string,
    @ClientIp() ip: string,
  ) {
    return this.modes.remove(user, ws, slug, ip);
  }
}
