import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of the auth routes, as the OpenAPI document (and so the UI's types) shows them. */
export class PublicUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty() createdAt: Date;
}

/** Signed in: the access token in the body, the refresh token only as an httpOnly cookie. */
export class SignedInView {
  @ApiProperty({ type: PublicUserView }) user: PublicUserView;
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn: number;
}

export class MfaMethodsView {
  @ApiProperty() totp: boolean;
  @ApiProperty() recoveryCode: boolean;
  @ApiProperty() passkey: boolean;
}

/** The password was right; a second factor is needed (POST /auth/mfa/verify with the token). */
export class MfaChallengeView {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({ description: 'short-lived, single use' }) mfaToken: string;
  @ApiProperty({ type: MfaMethodsView }) methods: MfaMethodsView;
}

/** Signed up under EMAIL_VERIFICATION=required: no session until the address is confirmed. */
export class VerificationPendingView {
  @ApiProperty({ enum: [true] }) verificationRequired: true;
  @ApiProperty() email: string;
}

export class SessionView {
  @ApiProperty({ format: 'uuid', description: 'the sign-in (refresh token family)' }) id: string;
  @ApiProperty() deviceLabel: string;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty() lastUsedAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ description: 'the sign-in making this request' }) current: boolean;
}

const SCOPES = ['read', 'write'] as const;

export class ApiTokenView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SCOPES, enumName: 'TokenScope', isArray: true }) scopes: ('read' | 'write')[];
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) expiresAt: Date | null;
}

/** A new API token: the only time its secret is shown. */
export class CreatedApiTokenView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SCOPES, enumName: 'TokenScope', isArray: true }) scopes: ('read' | 'write')[];
  @ApiProperty({ nullable: true, type: Date }) expiresAt: Date | null;
  @ApiProperty() token: string;
}

export class InviteLinkView {
  @ApiProperty() token: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ description: 'the sign-up page with the invite' }) url: string;
}

export class AuditLogView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) target: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) meta: Record<string, unknown>;
  @ApiProperty() createdAt: Date;
}

export class AuditPage {
  @ApiProperty({ type: [AuditLogView] }) items: AuditLogView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
