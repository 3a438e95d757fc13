import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PROVIDER_KINDS, type ProviderKind } from './provider-profile.entity.js';

export class ProviderLimitsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxOutputTokens?: number;

  @ApiPropertyOptional({
    minimum: 1024,
    maximum: 10_000_000,
    description: "the model's context window in tokens; default: the built-in table for common models",
  })
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(10_000_000)
  contextWindow?: number;

  @ApiPropertyOptional({
    minimum: 5,
    maximum: 100,
    description: 'condense the conversation when it fills this % of the context window (default 80)',
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(100)
  condenseThresholdPercent?: number;

  @ApiPropertyOptional({ description: 'USD per million input tokens' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10_000)
  inputPricePerMTok?: number;

  @ApiPropertyOptional({ description: 'USD per million output tokens' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10_000)
  outputPricePerMTok?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10_000)
  cacheReadPricePerMTok?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10_000)
  cacheWritePricePerMTok?: number;

  @ApiPropertyOptional({
    description:
      'a task using this profile stops once it has cost this much (USD); 0 = no cap; default TASK_MAX_COST_USD',
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1_000_000)
  maxTaskCostUsd?: number;
}

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class CreateProviderDto {
  @ApiProperty({ example: 'OpenAI GPT' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: PROVIDER_KINDS })
  @IsIn(PROVIDER_KINDS)
  kind: ProviderKind;

  @ApiPropertyOptional({ example: 'http://ollama:11434/v1' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  baseUrl?: string;

  @ApiProperty({ example: 'gpt-4.1' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  model: string;

  @ApiPropertyOptional({ description: 'stored encrypted, never returned' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  apiKey?: string;

  @ApiPropertyOptional({ type: ProviderLimitsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProviderLimitsDto)
  limits?: ProviderLimitsDto;
}

/** Every field optional; the kind is fixed once created. An empty apiKey removes the key. */
export class UpdateProviderDto extends PartialType(OmitType(CreateProviderDto, ['kind'] as const)) {}

export class ProviderView {
  @ApiProperty() id: string;
  @ApiProperty() workspaceId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROVIDER_KINDS }) kind: ProviderKind;
  @ApiProperty({ nullable: true, type: String }) baseUrl: string | null;
  @ApiProperty() model: string;
  @ApiProperty({ nullable: true, type: String, example: 'sk-…abcd' }) apiKeyHint: string | null;
  @ApiProperty({ type: ProviderLimitsDto }) limits: ProviderLimitsDto;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ProviderTestResult {
  @ApiProperty() ok: boolean;
  @ApiProperty() latencyMs: number;
  @ApiPropertyOptional() error?: string;
}
