import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { CreateProviderDto, ProviderTestResult, ProviderView, UpdateProviderDto } from './dto.js';
import { ProvidersService } from './providers.service.js';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('workspaces/:ws/providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Get()
  @ApiOkResponse({ type: [ProviderView] })
  list(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string) {
    return this.providers.list(user, ws);
  }

  @Post()
  @ApiOkResponse({ type: ProviderView })
  create(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: CreateProviderDto,
    @ClientIp() ip: string,
  ) {
    return this.providers.create(user, ws, dto, ip);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProviderView })
  get(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    return this.providers.get(user, ws, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ProviderView })
  update(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateProviderDto,
    @ClientIp() ip: string,
  ) {
    return this.providers.update(user, ws, id, dto, ip);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
  ) {
    return this.providers.remove(user, ws, id, ip);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderTestResult })
  test(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
  ) {
    return this.providers.test(user, ws, id, ip);
  }
}
