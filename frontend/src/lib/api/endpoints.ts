import { refreshSession, request, requestResponse } from './client';
import { setAccessToken } from './token';
import type {
  ApiToken,
  AuthResponse,
  AuthSession,
  Checkpoint,
  CheckpointDiff,
  CommandSettings,
  CreatedApiToken,
  CreateTaskInput,
  CreateTokenInput,
  ExportLink,
  FileEntry,
  FileListing,
  GitImportResult,
  GitLink,
  GitLinkInput,
  LoginInput,
  Invitation,
  InviteResult,
  Member,
  MyInvitation,
  Mode,
  Page,
  ProviderInput,
  ProviderProfile,
  ProviderTestResult,
  RegisterInput,
  RespondInput,
  RestoreResult,
  Role,
  ShareItem,
  ShareLink,
  SharedTask,
  Task,
  TaskGit,
  TaskGitDiff,
  TaskMessage,
  TaskStatus,
  User,
  Workspace,
} from './types';

/** The typed client: one function per endpoint of docs/api.md. */
export const api = {
  auth: {
    async register(input: RegisterInput): Promise<AuthResponse> {
      const res = await request<AuthResponse>('register', { body: input, noRefresh: true });
      setAccessToken(res.accessToken);
      return res;
    },
    async login(input: LoginInput): Promise<AuthResponse> {
      const res = await request<AuthResponse>('login', { body: input, noRefresh: true });
      setAccessToken(res.accessToken);
      return res;
    },
    refresh: refreshSession,
    async logout(): Promise<void> {
      try {
        await request<undefined>('logout', { noRefresh: true });
      } finally {
        setAccessToken(null);
      }
    },
    logoutAll: () => request<undefined>('logoutAll'),
    me: () => request<User>('me'),
    sessions: () => request<AuthSession[]>('sessions'),
    deleteSession: (id: string) => request<undefined>('deleteSession', { params: { id } }),
    tokens: () => request<ApiToken[]>('tokens'),
    createToken: (input: CreateTokenInput) => request<CreatedApiToken>('createToken', { body: input }),
    deleteToken: (id: string) => request<undefined>('deleteToken', { params: { id } }),
  },
  workspaces: {
    list: () => request<Workspace[]>('workspaces'),
    create: (input: { name: string; description?: string }) =>
      request<Workspace>('createWorkspace', { body: input }),
    get: (ws: string) => request<Workspace>('workspace', { params: { ws } }),
    update: (ws: string, input: { name?: string; description?: string }) =>
      request<Workspace>('updateWorkspace', { params: { ws }, body: input }),
    remove: (ws: string) => request<undefined>('deleteWorkspace', { params: { ws } }),
    members: (ws: string) => request<Member[]>('members', { params: { ws } }),
    addMember: (ws: string, input: { email: string; role: Role }) =>
      request<InviteResult>('addMember', { params: { ws }, body: input }),
    invitations: (ws: string) => request<Invitation[]>('workspaceInvitations', { params: { ws } }),
    revokeInvitation: (ws: string, id: string) =>
      request<undefined>('revokeInvitation', { params: { ws, id } }),
    updateMember: (ws: string, userId: string, role: Role) =>
      request<Member>('updateMember', { params: { ws, userId }, body: { role } }),
    removeMember: (ws: string, userId: string) =>
      request<undefined>('removeMember', { params: { ws, userId } }),
  },
  invitations: {
    mine: () => request<MyInvitation[]>('myInvitations'),
    accept: (id: string) => request<Workspace>('acceptInvitation', { params: { id } }),
    decline: (id: string) => request<undefined>('declineInvitation', { params: { id } }),
  },
  files: {
    list: (ws: string, prefix: string, recursive = false) =>
      request<FileListing>('files', { params: { ws }, query: { prefix, recursive: recursive || undefined } }),
    content: (ws: string, path: string) =>
      requestResponse('fileContent', { params: { ws }, query: { path } }),
    save: (ws: string, path: string, body: BodyInit, contentType?: string) =>
      request<FileEntry>('putFileContent', { params: { ws }, query: { path }, rawBody: body, contentType }),
    move: (ws: string, from: string, to: string) =>
      request<FileEntry>('moveFile', { params: { ws }, body: { from, to } }),
    remove: (ws: string, path: string) =>
      request<undefined>('deleteFile', { params: { ws }, query: { path } }),
    exportLink: (ws: string, input: { format: 'zip' | 'tar.gz'; prefix?: string }) =>
      request<ExportLink>('exportLink', { params: { ws }, body: input }),
  },
  commandSettings: {
    get: (ws: string) => request<CommandSettings>('commandSettings', { params: { ws } }),
    update: (ws: string, input: Partial<CommandSettings>) =>
      request<CommandSettings>('putCommandSettings', { params: { ws }, body: input }),
  },
  git: {
    link: (ws: string) => request<GitLink>('gitLink', { params: { ws } }),
    setLink: (ws: string, input: GitLinkInput) =>
      request<GitLink>('putGitLink', { params: { ws }, body: input }),
    unlink: (ws: string) => request<undefined>('deleteGitLink', { params: { ws } }),
    importBranch: (ws: string, branch?: string) =>
      request<GitImportResult>('gitImport', { params: { ws }, body: branch ? { branch } : {} }),
    task: (id: string) => request<TaskGit>('taskGit', { params: { id } }),
    diff: (id: string) => request<TaskGitDiff>('taskGitDiff', { params: { id } }),
    commit: (id: string, input: { message?: string; pullRequest?: boolean }) =>
      request<TaskGit>('taskGitCommit', { params: { id }, body: input }),
    pullRequest: (id: string) => request<TaskGit>('taskGitPullRequest', { params: { id }, body: {} }),
  },
  checkpoints: {
    list: (id: string) => request<Checkpoint[]>('checkpoints', { params: { id } }),
    diff: (id: string, seq: number) =>
      request<CheckpointDiff>('checkpointDiff', { params: { id, seq: String(seq) } }),
    restore: (id: string, seq: number, path?: string) =>
      request<RestoreResult>('restoreCheckpoint', {
        params: { id, seq: String(seq) },
        body: path === undefined ? {} : { path },
      }),
  },
  providers: {
    list: (ws: string) => request<ProviderProfile[]>('providers', { params: { ws } }),
    create: (ws: string, input: ProviderInput) =>
      request<ProviderProfile>('createProvider', { params: { ws }, body: input }),
    update: (ws: string, id: string, input: Partial<ProviderInput>) =>
      request<ProviderProfile>('updateProvider', { params: { ws, id }, body: input }),
    remove: (ws: string, id: string) => request<undefined>('deleteProvider', { params: { ws, id } }),
    test: (ws: string, id: string) => request<ProviderTestResult>('testProvider', { params: { ws, id } }),
  },
  modes: {
    list: (ws: string) => request<Mode[]>('modes', { params: { ws } }),
  },
  tasks: {
    list: (ws: string, opts: { status?: TaskStatus; cursor?: string; limit?: number } = {}) =>
      request<Page<Task> | Task[]>('tasks', { params: { ws }, query: opts }).then(toPage),
    create: (ws: string, input: CreateTaskInput) =>
      request<Task>('createTask', { params: { ws }, body: input }),
    get: (id: string) => request<Task>('task', { params: { id } }),
    messages: (id: string, afterSeq?: number) =>
      request<Page<TaskMessage> | TaskMessage[]>('taskMessages', {
        params: { id },
        query: { afterSeq },
      }).then((r) => toPage(r).items),
    respond: (id: string, input: RespondInput) =>
      request<undefined>('respondTask', { params: { id }, body: input }),
    cancel: (id: string) => request<Task | undefined>('cancelTask', { params: { id } }),
    resume: (id: string, text: string) =>
      request<Task | undefined>('resumeTask', { params: { id }, body: { text } }),
    send: (id: string, text: string) =>
      request<Task | undefined>('sendTaskMessage', { params: { id }, body: { text } }),
    editTodos: (id: string, todos: string) =>
      request<Task | undefined>('editTaskTodos', { params: { id }, body: { todos } }),
    remove: (id: string) => request<undefined>('deleteTask', { params: { id } }),
    share: (id: string, expiresInHours: number) =>
      request<ShareLink>('shareTask', { params: { id }, body: { expiresInHours } }),
    shared: (token: string) => request<SharedTask>('shared', { params: { token }, noRefresh: true }),
    shares: (id: string) => request<ShareItem[]>('taskShares', { params: { id } }),
    workspaceShares: (ws: string) => request<ShareItem[]>('workspaceShares', { params: { ws } }),
    revokeShare: (shareId: string) => request<undefined>('revokeShare', { params: { id: shareId } }),
  },
};

/** Lists are `{items, nextCursor}`; accept a bare array too so a non-paginated answer still works. */
function toPage<T>(res: Page<T> | T[]): Page<T> {
  return Array.isArray(res) ? { items: res, nextCursor: null } : res;
}
