import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class MfaVerifyDto {
  @ApiProperty({ description: 'the token the password step answered with' })
  @IsString()
  @MaxLength(2000)
  mfaToken: string;

  @ApiPropertyOptional({ description: 'a 6-digit code from the authenticator app' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ description: 'one of the recovery codes (single use)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string;
}

export class TotpCodeDto {
  @ApiProperty()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class PasswordConfirmDto {
  @ApiProperty({ description: 'the current password, to confirm a sensitive change' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class PasskeyRegisterDto {
  @ApiProperty({
    description: 'the browser\u2019s RegistrationResponseJSON',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  response: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'Laptop' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class PasskeyLoginDto {
  @ApiProperty()
  @IsString()
  @MaxLength(100)
  challengeId: string;

  @ApiProperty({
    description: 'the browser\u2019s AuthenticationResponseJSON',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  response: Record<string, unknown>;
}
