import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RestoreCheckpointDto {
  @ApiPropertyOptional({ description: 'restore only this file; without it the whole workspace' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  path?: string;
}
