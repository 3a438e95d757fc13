import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { CreateMcpServerDto, McpServerView, UpdateMcpServerDto } from './dto.js';
import { McpService } from './mcp.service.js';

@ApiTags('mcp')
@ApiBearerAuth()
@Controller('workspaces/:ws/mcp-servers')
export class McpController {
  constructor(private readonly mcp: McpService) {}

  @Get()
  @ApiOkResponse({ type: [McpServerView] })
  list(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string) {
    return this.mcp.list(user, ws);
  }

  @Post()
  @ApiOkResponse({
    type: McpServerView,
    description: 'registered; its tools are listed by a worker before the answer',
  })
  create(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: CreateMcpServerDto,
    @ClientIp() ip: string,
  ) {
    return this.mcp.create(user, ws, dto, ip);
  }

  @Get(':id')
  @ApiOkResponse({ type: McpServerView })
  get(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    return this.mcp.get(user, ws, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: McpServerView })
  update(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMcpServerDto,
    @ClientIp() ip: string,
  ) {
    return this.mcp.update(user, ws, id, dto, ip);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
  ) {
    return this.mcp.remove(user, ws, id, ip);
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: McpServerView, description: 'tools and resources listed again by a worker' })
  refresh(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    return this.mcp.refresh(user, ws, id);
  }
}
