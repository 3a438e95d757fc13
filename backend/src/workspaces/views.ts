import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from './entities.js';

/** Response shapes of the workspace routes, as the OpenAPI document (and so the UI's types) shows them. */
export class WorkspaceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'empty when none was given' }) description: string;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ enum: ROLES, enumName: 'Role', description: "the caller's role in the workspace" })
  role: Role;
}

export class MemberView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty() createdAt: Date;
}

export class RoleChangeView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
}

/** The same answer whether or not an account has that email. */
export class InviteResultView {
  @ApiProperty({ enum: ['invited'] }) status: 'invited';
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty() expiresAt: Date;
}

/** A workspace's pending invitation (its admins see these). */
export class InvitationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty() createdAt: Date;
  @ApiProperty() expiresAt: Date;
}

/** An invitation to the caller, to accept or decline. */
export class MyInvitationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty() workspaceName: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ nullable: true, type: String, description: "the inviter's display name" })
  invitedBy: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() expiresAt: Date;
}
