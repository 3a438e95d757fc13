import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

export class PushKeysDto {
  @ApiProperty({ description: "the browser's P-256 public key (base64url, 65 bytes)" })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{86,88}={0,2}$/, { message: 'keys.p256dh must be 65 bytes, base64url' })
  p256dh: string;

  @ApiProperty({ description: "the browser's auth secret (base64url, 16 bytes)" })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{22}={0,2}$/, { message: 'keys.auth must be 16 bytes, base64url' })
  auth: string;
}

/** What `PushSubscription.toJSON()` gives in the browser, plus a label for the device list. */
export class SubscribePushDto {
  @ApiProperty({ example: 'https://fcm.googleapis.com/fcm/send/abc…', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  endpoint: string;

  @ApiProperty({ type: PushKeysDto })
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys: PushKeysDto;

  @ApiPropertyOptional({ example: 'Chrome on Android', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  deviceLabel?: string;
}

export class PushConfigView {
  @ApiProperty({ description: 'false when the server has no VAPID key (push is off)' })
  enabled: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the applicationServerKey for PushManager.subscribe (base64url)',
  })
  publicKey: string | null;
}

export class PushSubscriptionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() endpoint: string;
  @ApiProperty() deviceLabel: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSentAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why the last send failed, if it did' })
  lastError: string | null;
}

/** What a notification carries: the task's title and why; never its prompt or output. */
export interface PushPayload {
  kind: 'question' | 'approval' | 'completed' | 'failed';
  title: string;
  taskId: string;
  workspaceId: string;
  /** Where a click leads (a path of this site). */
  url: string;
}
