/** Types of the REST + Socket.IO contract in docs/api.md. */
export type IsoDate = string;

export interface User {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  createdAt: IsoDate;
}

export interface AuthResponse {
  user: User;
  accessToken: string;
  expiresIn: number;
}

export interface RegisterInput {
  email: string;
  password: string;
  displayName: string;
  inviteToken?: string;
}

export interface LoginInput {
  email: string;
  password: string;
  deviceLabel?: string;
}

export interface AuthSession {
  id: string;
  deviceLabel: string | null;
  createdAt: IsoDate;
  lastUsedAt: IsoDate | null;
  expiresAt: IsoDate;
  current: boolean;
}

export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  createdAt: IsoDate;
  lastUsedAt: IsoDate | null;
  expiresAt: IsoDate | null;
}

export interface CreateTokenInput {
  name: string;
  scopes: TokenScope[];
  expiresInDays?: number;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  token: string;
}

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface Workspace {
  id: string;
  name: string;
  description: string | null;
  role: Role;
  createdAt: IsoDate;
}

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: IsoDate;
}

/** What inviting someone answers: the same whether or not an account has that email. */
export interface InviteResult {
  status: 'invited';
  email: string;
  role: Role;
  expiresAt: IsoDate;
}

/** A workspace's pending invitation (admins see these). */
export interface Invitation {
  id: string;
  workspaceId: string;
  email: string;
  role: Role;
  createdAt: IsoDate;
  expiresAt: IsoDate;
}

/** An invitation to the signed-in user, to accept or decline. */
export interface MyInvitation {
  id: string;
  workspaceId: string;
  workspaceName: string;
  role: Role;
  invitedBy: string | null;
  createdAt: IsoDate;
  expiresAt: IsoDate;
}

export interface FileEntry {
  path: string;
  size: number;
  sha256: string;
  contentType: string;
  updatedAt: IsoDate;
  updatedBy: string | null;
}

export interface FileListing {
  items: FileEntry[];
  folders: string[];
}

export interface ImportResult {
  imported: number;
  files: FileEntry[];
}

export type ProviderKind = 'openai' | 'anthropic';

export interface ProviderProfile {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string | null;
  model: string;
  apiKeyHint: string | null;
}

export interface ProviderInput {
  name: string;
  kind: ProviderKind;
  baseUrl?: string;
  model: string;
  apiKey?: string;
}

export interface ProviderTestResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export type ModeGroup = string | [string, Record<string, unknown>];

export interface Mode {
  slug: string;
  name: string;
  roleDefinition: string;
  whenToUse: string | null;
  groups: ModeGroup[];
  builtIn: boolean;
}

export const TASK_STATUSES = [
  'queued',
  'running',
  'waiting_for_input',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task {
  id: string;
  workspaceId: string;
  parentId: string | null;
  mode: string;
  providerId: string | null;
  status: TaskStatus;
  prompt: string;
  title: string | null;
  tokensIn: number;
  tokensOut: number;
  cacheReads: number;
  cacheWrites: number;
  cost: number;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  completedAt: IsoDate | null;
  error: string | null;
}

export interface CreateTaskInput {
  prompt: string;
  mode: string;
  providerId: string;
  autoApprove?: { read: boolean; write: boolean };
}

export type AskKind = 'followup' | 'tool' | 'command' | 'completion_result' | 'resume_task' | (string & {});
export type SayKind =
  | 'text'
  | 'reasoning'
  | 'tool'
  | 'error'
  | 'completion_result'
  | 'user_feedback'
  | 'api_req_started'
  | (string & {});

/** Mirrors Roo-Code's ClineMessage. */
export interface TaskMessage {
  seq: number;
  ts: number | IsoDate;
  type: 'ask' | 'say';
  ask?: AskKind | null;
  say?: SayKind | null;
  text: string | null;
  partial: boolean;
  meta: Record<string, unknown> | null;
}

export type TaskResponse = 'answer' | 'approve' | 'deny';

export interface RespondInput {
  response: TaskResponse;
  text?: string;
}

export interface ShareLink {
  id: string;
  token: string;
  url: string;
  expiresAt: IsoDate;
}

/** A live share link as listed: never its token (only its hash is stored). */
export interface ShareItem {
  id: string;
  taskId: string;
  taskTitle: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: IsoDate;
  expiresAt: IsoDate;
}

export interface SharedTask {
  /** The public view leaves out who created it and where it lives. */
  task: Omit<Task, 'createdBy' | 'autoApprove' | 'workspaceId' | 'providerId' | 'parentId'>;
  messages: TaskMessage[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/* ---------- Socket.IO /tasks ---------- */

export interface SocketAck {
  ok: boolean;
  error?: string;
  /** On refusal, the status REST gives for the same action (403 read-only token, 404…). */
  statusCode?: number;
}

/** Why the server closed the socket (`socket:closed`, sent just before it disconnects). */
export type SocketCloseReason = 'token_expired' | 'session_revoked' | 'token_revoked';

export interface ServerToClientEvents {
  'task:message': (payload: { taskId: string; message: TaskMessage }) => void;
  'task:status': (payload: { taskId: string; status: TaskStatus; error?: string }) => void;
  'task:usage': (payload: {
    taskId: string;
    tokensIn: number;
    tokensOut: number;
    cacheReads?: number;
    cacheWrites?: number;
    cost: number;
  }) => void;
  'task:partial': (payload: { taskId: string; seq: number; text: string }) => void;
  /** The user lost access to the task (removed from the workspace); the subscription is gone. */
  'task:revoked': (payload: { taskId: string; statusCode: number; error: string }) => void;
  'socket:closed': (payload: { reason: SocketCloseReason; message: string }) => void;
}

export interface ClientToServerEvents {
  'task:subscribe': (payload: { taskId: string; afterSeq?: number }, ack: (res: SocketAck) => void) => void;
  'task:unsubscribe': (payload: { taskId: string }) => void;
  'task:respond': (
    payload: { taskId: string; response: TaskResponse; text?: string },
    ack: (res: SocketAck) => void,
  ) => void;
}
