import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class EmailDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class MailTokenDto {
  @ApiProperty({ description: 'the token from the mailed link' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token: string;
}

export class ResetPasswordDto extends MailTokenDto {
  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  password: string;
}

export class NotificationSettingsDto {
  @ApiProperty({ description: 'a mail when one of my tasks waits for my answer' })
  @IsBoolean()
  taskWaiting: boolean;
}
