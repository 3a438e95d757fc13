import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, Matches, MaxLength, MinLength, ArrayMaxSize } from 'class-validator';
import type { GroupEntry } from './mode.entity.js';

const GROUPS_DOC = {
  description:
    'tool groups: "read" | "edit" | "command" | "mcp" | "modes", or [group, {fileRegex?, description?}]',
  example: ['read', ['edit', { fileRegex: '\\.md$', description: 'Markdown only' }]],
  isArray: true,
  type: Object,
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
