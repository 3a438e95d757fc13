import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ShareDto {
  @ApiPropertyOptional({
    minimum: 1,
    description: 'lifetime in hours (default 72, at most SHARE_MAX_TTL_DAYS × 24)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  expiresInHours?: number;
}

/** A new link: the only time its token is shown (only its hash is stored). */
export class ShareView {
  @ApiProperty() id: string;
  @ApiProperty() token: string;
  @ApiProperty() url: string;
  @ApiProperty() expiresAt: Date;
}

/** A live link as listed: who made it and until when, never its token. */
export class ShareItem {
  @ApiProperty() id: string;
  @ApiProperty() taskId: string;
  @ApiProperty() taskTitle: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ nullable: true, type: String }) createdByName: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ description: 'the earlier of the chosen expiry and the configured maximum lifetime' })
  expiresAt: Date;
}
