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
  'waiting_for_subtask',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task {
  id: string;
  workspaceId: string;
  parentId: string | null;
  /** While waiting_for_subtask: the subtask the task waits for. */
  awaitingTaskId?: string | null;
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
  autoApprove?: AutoApprove;
}

/** What a task may do without asking (chosen at task start). */
export interface AutoApprove {
  read: boolean;
  write: boolean;
  /** execute_command without asking (the workspace's allow/deny lists still apply). */
  execute?: boolean;
  /** switch_mode / new_task into a mode with more rights without asking. */
  modeSwitch?: boolean;
  /** Call the workspace's allowed MCP tools and read its MCP resources without asking. */
  mcp?: boolean;
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
  /** With an answer: the mode of the picked suggestion (the task switches to it). */
  mode?: string;
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

/** A task as the workspace's task list shows it (`workspace:task`): no prompt, history or result. */
export interface WorkspaceTaskSummary {
  id: string;
  workspaceId: string;
  parentId: string | null;
  title: string;
  status: TaskStatus;
  mode: string;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  cost: number;
  /** Waits for someone to answer or approve (status waiting_for_input). */
  waiting: boolean;
}

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
  /** A task of a followed workspace was created or changed status. */
  'workspace:task': (payload: { workspaceId: string; task: WorkspaceTaskSummary }) => void;
  /** The user lost access to a followed workspace; the subscription is gone. */
  'workspace:revoked': (payload: { workspaceId: string; statusCode: number; error: string }) => void;
}

export interface ClientToServerEvents {
  'task:subscribe': (payload: { taskId: string; afterSeq?: number }, ack: (res: SocketAck) => void) => void;
  'task:unsubscribe': (payload: { taskId: string }) => void;
  'workspace:subscribe': (payload: { workspaceId: string }, ack: (res: SocketAck) => void) => void;
  'workspace:unsubscribe': (payload: { workspaceId: string }) => void;
  'task:respond': (
    payload: { taskId: string; response: TaskResponse; text?: string },
    ack: (res: SocketAck) => void,
  ) => void;
}

export interface ExportLink {
  /** A path under the API, usable once within 60 s without a bearer token. */
  url: string;
  expiresAt: IsoDate;
}

export type CommandEgress = 'none' | 'open';

export interface CommandSettings {
  allowedCommands: string[];
  deniedCommands: string[];
  egress: CommandEgress;
}

export type Forge = 'github' | 'gitlab' | 'none';

/** A workspace's git remote as the API shows it: never the token or key, only a hint. */
export interface GitLink {
  workspaceId: string;
  url: string;
  authKind: 'token' | 'ssh_key';
  username: string | null;
  secretHint: string | null;
  defaultBranch: string;
  forge: Forge;
  forgeApiUrl: string | null;
  autoPush: boolean;
  autoPullRequest: boolean;
  importedBranch: string | null;
  importedCommit: string | null;
  importedAt: IsoDate | null;
  createdAt: IsoDate;
}

export interface GitLinkInput {
  url: string;
  token?: string;
  username?: string;
  sshPrivateKey?: string;
  sshKnownHosts?: string;
  defaultBranch?: string;
  forge?: Forge;
  forgeApiUrl?: string;
  autoPush?: boolean;
  autoPullRequest?: boolean;
}

export interface GitImportResult {
  branch: string;
  commit: string;
  written: string[];
  deleted: string[];
  unchanged: number;
  conflicts: string[];
  skipped: { path: string; reason: string }[];
}

export interface TaskCommit {
  sha: string;
  subject: string;
  at: IsoDate;
  filesChanged: number;
}

export interface TaskGit {
  taskId: string;
  branch: string;
  baseBranch: string;
  baseCommit: string;
  headCommit: string | null;
  commits: TaskCommit[];
  prUrl: string | null;
  prNumber: number | null;
  lastError: string | null;
  url: string;
}

export interface ChangedFile {
  /** A added, M modified, D deleted, T type changed. */
  status: string;
  path: string;
}

export interface TaskGitDiff {
  base: string;
  head: string;
  files: ChangedFile[];
  patch: string;
  truncated: boolean;
}

export type CheckpointKind = 'initial' | 'step' | 'restore';

export interface Checkpoint {
  seq: number;
  commit: string;
  kind: CheckpointKind;
  message: string;
  files: ChangedFile[];
  filesChanged: number;
  createdAt: IsoDate;
}

export interface CheckpointDiff extends Checkpoint {
  patch: string;
  truncated: boolean;
}

export interface RestoreResult {
  restoredFrom: number;
  path: string | null;
  files: ChangedFile[];
  conflicts: { path: string; ours: string; theirs: string }[];
  checkpoint: Checkpoint | null;
}
