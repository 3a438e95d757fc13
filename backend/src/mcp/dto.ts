import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';
import { MCP_STATUSES, type McpStatus } from './mcp-server.entity.js';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
export const SERVER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export class CreateMcpServerDto {
  @ApiProperty({ example: 'github', description: 'the name the model uses: letters, digits, - and _' })
  @IsString()
  @Matches(SERVER_NAME, { message: 'name must be 1-64 letters, digits, - or _' })
  name: string;

  @ApiProperty({ example: 'https://mcp.example.com/mcp', description: 'Streamable HTTP endpoint' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({
    description:
      'HTTP headers sent with every request (e.g. Authorization); stored encrypted, never returned',
    example: { Authorization: 'Bearer …' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateMcpServerDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(SERVER_NAME, { message: 'name must be 1-64 letters, digits, - or _' })
  name?: string;

  @ApiPropertyOptional({
    description: 'a new URL needs the headers again in the same request (or the owner)',
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({
    description: 'replaces every header; {} removes them',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'names of the listed tools the model may call' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  allowedTools?: string[];

  @ApiPropertyOptional({ description: 'whether access_mcp_resource may read this server’s resources' })
  @IsOptional()
  @IsBoolean()
  resourcesAllowed?: boolean;
}

export class McpToolView {
  @ApiProperty() name: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) inputSchema?: Record<string, unknown>;
}

export class McpResourceView {
  @ApiProperty() uri: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() mimeType?: string;
}

export class McpServerView {
  @ApiProperty() id: string;
  @ApiProperty() workspaceId: string;
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'header name → hint; the values are never returned',
  })
  headers: Record<string, string>;
  @ApiProperty({ type: [String] }) allowedTools: string[];
  @ApiProperty() resourcesAllowed: boolean;
  @ApiProperty({ type: [McpToolView] }) tools: McpToolView[];
  @ApiProperty({ type: [McpResourceView] }) resources: McpResourceView[];
  @ApiProperty({ enum: MCP_STATUSES }) status: McpStatus;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: Date }) discoveredAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
