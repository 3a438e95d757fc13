import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SsoStartQuery {
  @ApiPropertyOptional({ description: 'app path to open after signing in', example: '/workspaces' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  returnTo?: string;

  @ApiPropertyOptional({ description: 'invite token, when REGISTRATION_MODE=invite and the account is new' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  invite?: string;
}
