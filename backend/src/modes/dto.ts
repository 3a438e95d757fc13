import {
  ApiProperty,
  ApiPropertyOptional,
  OmitType,
  PartialType,
  type ApiPropertyOptions,
} from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { TOOL_GROUPS, type GroupEntry } from './mode.entity.js';

const GROUPS_DOC: ApiPropertyOptions = {
  description:
    'tool groups: "read" | "edit" | "command" | "mcp" | "modes", or [group, {fileRegex?, description?}]',
  example: ['read', ['edit', { fileRegex: '\\.md$', description: 'Markdown only' }]],
  type: 'array',
  // OpenAPI 3.0 has no tuples: an entry is a group name or a [name, options] pair.
  items: {
    oneOf: [
      { type: 'string', enum: [...TOOL_GROUPS] },
      {
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: {
          oneOf: [
            { type: 'string', enum: [...TOOL_GROUPS] },
            {
              type: 'object',
              properties: { fileRegex: { type: 'string' }, description: { type: 'string' } },
            },
          ],
        },
      },
    ],
  },
};

export class CreateModeDto {
  @ApiProperty({ example: 'docs-writer' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/, {
    message: 'slug must be lowercase letters, digits and dashes (max 50)',
  })
  slug: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  roleDefinition: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  whenToUse?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  customInstructions?: string;

  @ApiProperty(GROUPS_DOC)
  @IsArray()
  @ArrayMaxSize(5)
  groups: GroupEntry[];

  /** Roo's ModeConfig has these; a pasted Roo mode is accepted and they are not kept. */
  @ApiPropertyOptional({ description: 'accepted from a Roo mode config and ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  description?: string;

  @ApiPropertyOptional({
    enum: ['global', 'project'],
    description: 'accepted from a Roo mode config and ignored',
  })
  @IsOptional()
  @IsIn(['global', 'project'])
  source?: 'global' | 'project';
}

/** Every field optional; the slug is the mode's identity and never changes. */
export class UpdateModeDto extends PartialType(OmitType(CreateModeDto, ['slug'] as const)) {}

export class ModeView {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() roleDefinition: string;
  @ApiProperty() whenToUse: string;
  @ApiProperty() customInstructions: string;
  @ApiProperty(GROUPS_DOC) groups: GroupEntry[];
  @ApiProperty() builtIn: boolean;
}

export class ImportModesDto {
  @ApiProperty({
    description:
      'a Roo Code .roomodes file (YAML or JSON): { customModes: [{ slug, name, roleDefinition, whenToUse?, customInstructions?, groups }] }',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(512 * 1024)
  content: string;

  @ApiPropertyOptional({ description: 'replace custom modes that have the same slug', default: false })
  @IsOptional()
  @IsBoolean()
  overwrite?: boolean;
}

export class ExportModesQuery {
  @ApiPropertyOptional({ enum: ['yaml', 'json'], default: 'yaml' })
  @IsOptional()
  @IsIn(['yaml', 'json'])
  format?: 'yaml' | 'json';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'include the built-in modes',
    default: 'false',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  builtIn?: 'true' | 'false';
}

export class SkippedMode {
  @ApiProperty() slug: string;
  @ApiProperty() reason: string;
}

export class ImportModesResult {
  @ApiProperty({ type: [String] }) created: string[];
  @ApiProperty({ type: [String] }) updated: string[];
  @ApiProperty({ type: [SkippedMode] }) skipped: SkippedMode[];
  @ApiProperty({ type: [String], description: 'fields or groups that were left out' }) warnings: string[];
}

export class ExportedModes {
  @ApiProperty({ example: '.roomodes' }) filename: string;
  @ApiProperty({ example: 'application/yaml' }) contentType: string;
  @ApiProperty() content: string;
}
