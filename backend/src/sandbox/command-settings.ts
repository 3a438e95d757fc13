import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { EGRESS_MODES, type Egress } from './sandbox-driver.js';

export interface CommandSettings {
  allowedCommands: string[];
  deniedCommands: string[];
  egress: Egress;
}

/** CommandSettings as the OpenAPI document shows it. */
export class CommandSettingsView implements CommandSettings {
  @ApiProperty({
    type: [String],
    description: 'command prefixes that run without asking (with auto-approve execute)',
  })
  allowedCommands: string[];
  @ApiProperty({ type: [String], description: 'command prefixes that never run (wins over allowed)' })
  deniedCommands: string[];
  @ApiProperty({ enum: EGRESS_MODES, enumName: 'CommandEgress' }) egress: Egress;
}

export class UpdateCommandSettingsDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'command prefixes that run without asking ("*" = any) when the task auto-approves execute',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  allowedCommands?: string[];

  @ApiPropertyOptional({ type: [String], description: 'command prefixes that never run (wins over allowed)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  deniedCommands?: string[];

  @ApiPropertyOptional({ enum: EGRESS_MODES, description: 'network of commands: none (default) or open' })
  @IsOptional()
  @IsIn(EGRESS_MODES)
  egress?: Egress;
}

const clean = (list: string[]) => [...new Set(list.map((s) => s.trim()).filter(Boolean))];

/** A workspace's execute_command settings (columns of `workspaces`). */
@Injectable()
export class CommandSettingsService {
  constructor(
    private readonly db: DataSource,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** For the worker: access was checked when the task was created. */
  async forWorkspace(workspaceId: string): Promise<CommandSettings> {
    const [row] = (await this.db.query(
      'SELECT allowed_commands, denied_commands, command_egress FROM workspaces WHERE id = $1',
      [workspaceId],
    )) as { allowed_commands: string[]; denied_commands: string[]; command_egress: Egress }[];
    return {
      allowedCommands: row?.allowed_commands ?? [],
      deniedCommands: row?.denied_commands ?? [],
      egress: row?.command_egress ?? 'none',
    };
  }

  async get(user: AuthUser, workspaceId: string): Promise<CommandSettings> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    return this.forWorkspace(workspaceId);
  }

  async update(user: AuthUser, workspaceId: string, dto: UpdateCommandSettingsDto): Promise<CommandSettings> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const now = await this.forWorkspace(workspaceId);
    const next: CommandSettings = {
      allowedCommands: dto.allowedCommands ? clean(dto.allowedCommands) : now.allowedCommands,
      deniedCommands: dto.deniedCommands ? clean(dto.deniedCommands) : now.deniedCommands,
      egress: dto.egress ?? now.egress,
    };
    await this.db.query(
      'UPDATE workspaces SET allowed_commands = $2, denied_commands = $3, command_egress = $4 WHERE id = $1',
      [workspaceId, JSON.stringify(next.allowedCommands), JSON.stringify(next.deniedCommands), next.egress],
    );
    return next;
  }
}

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('workspaces/:ws/command-settings')
export class CommandSettingsController {
  constructor(private readonly settings: CommandSettingsService) {}

  @Get()
  @ApiOkResponse({ type: CommandSettingsView })
  get(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string): Promise<CommandSettingsView> {
    return this.settings.get(user, ws);
  }

  /** Admins only: what commands may run unasked, and whether they reach the network. */
  @Put()
  @ApiOkResponse({ type: CommandSettingsView })
  update(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: UpdateCommandSettingsDto,
  ): Promise<CommandSettingsView> {
    return this.settings.update(user, ws, dto);
  }
}
