import { EmailToken } from '../account/email-token.entity.js';
import { AuditLog } from '../audit/audit-log.entity.js';
import { Checkpoint } from '../checkpoints/checkpoint.entity.js';
import { ApiToken, Invite, RefreshSession } from '../auth/entities.js';
import { RecoveryCode, UserTotp, WebauthnCredential } from '../auth/mfa/entities.js';
import { UserIdentity } from '../auth/oidc/user-identity.entity.js';
import { FileEntry } from '../files/file-entry.entity.js';
import { GitLink, TaskGit } from '../git/entities.js';
import { McpServer } from '../mcp/mcp-server.entity.js';
import { Mode } from '../modes/mode.entity.js';
import { PushSubscription } from '../push/push-subscription.entity.js';
import { ProviderProfile } from '../providers/provider-profile.entity.js';
import { Task, TaskMessage, TaskShare } from '../tasks/entities.js';
import { User } from '../users/user.entity.js';
import { Membership, Workspace, WorkspaceInvitation } from '../workspaces/entities.js';

/** Every entity; adding one takes a line here. */
export const entities = [
  User,
  RefreshSession,
  ApiToken,
  Invite,
  UserIdentity,
  AuditLog,
  Workspace,
  Membership,
  WorkspaceInvitation,
  FileEntry,
  ProviderProfile,
  Mode,
  Task,
  TaskMessage,
  TaskShare,
  GitLink,
  TaskGit,
  Checkpoint,
  McpServer,
  EmailToken,
  UserTotp,
  RecoveryCode,
  WebauthnCredential,
  PushSubscription,
];
