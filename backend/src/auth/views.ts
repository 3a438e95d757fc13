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

/** Authenticator-app setup: the secret to enter or scan (shown once, confirmed with a first code). */
export class TotpSetupView {
  @ApiProperty() secret: string;
  @ApiProperty() otpauthUrl: string;
}

/** Single-use recovery codes, shown once. */
export class RecoveryCodesView {
  @ApiProperty({ type: [String] }) recoveryCodes: string[];
}

export class PasskeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: Date;
}

/** WebAuthn options for the browser's navigator.credentials call. */
export class PasskeySignInOptionsView {
  @ApiProperty({ format: 'uuid', description: 'send back with the assertion' }) challengeId: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'PublicKeyCredentialRequestOptionsJSON',
  })
  options: Record<string, unknown>;
}

export class AccountPasskeyView extends PasskeyView {
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt: Date | null;
}

export class NotificationSettingsView {
  @ApiProperty({ description: 'mail when a task waits for you' }) taskWaiting: boolean;
}

export class AccountSecurityView {
  @ApiProperty() email: string;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty() mailAvailable: boolean;
  @ApiProperty({ type: NotificationSettingsView }) notifications: NotificationSettingsView;
  @ApiProperty() totp: boolean;
  @ApiProperty() recoveryCodesLeft: number;
  @ApiProperty({ type: [AccountPasskeyView] }) passkeys: AccountPasskeyView[];
  @ApiProperty({ description: 'an admin without a second factor while REQUIRE_ADMIN_MFA is on' })
  adminMfaRequired: boolean;
}

export class CapabilitiesView {
  @ApiProperty({ description: 'mail is configured (reset, verification, invitations)' }) mail: boolean;
  @ApiProperty({ enum: ['off', 'optional', 'required'] }) emailVerification: 'off' | 'optional' | 'required';
  @ApiProperty() requireAdminMfa: boolean;
}

/** The same answer whether or not the address has an account. */
export class MailSentView {
  @ApiProperty({ enum: ['sent'] }) status: 'sent';
}

export class EmailVerifiedView {
  @ApiProperty({ enum: [true] }) verified: true;
  @ApiProperty() email: string;
}

export class AdminUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ nullable: true, type: Date }) disabledAt: Date | null;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty() totp: boolean;
  @ApiProperty() passkeys: number;
  @ApiProperty() createdAt: Date;
}

export class AdminUserPage {
  @ApiProperty({ type: [AdminUserView] }) items: AdminUserView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class UserDisabledView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() disabled: boolean;
}
