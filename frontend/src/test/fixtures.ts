import type {
  SignedInView as AuthResponse,
  TaskView as Task,
  PublicUserView as User,
  WorkspaceView as Workspace,
} from '@/lib/api/generated/openapi';
import type { AskKind, SayKind, TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';

export const user: User = {
  id: 'u1',
  email: 'ada@example.com',
  displayName: 'Ada',
  isAdmin: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const authResponse = (token = 'access-1'): AuthResponse => ({
  user,
  accessToken: token,
  expiresIn: 900,
});

export const workspace: Workspace = {
  id: 'w1',
  name: 'Demo',
  description: '',
  role: 'owner',
  createdBy: 'u1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

export function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 't1',
    workspaceId: 'w1',
    parentId: null,
    awaitingTaskId: null,
    mode: 'code',
    providerId: 'p1',
    status: 'running',
    prompt: 'Fix the bug',
    title: 'Fix the bug',
    tokensIn: 10,
    tokensOut: 20,
    cacheReads: 0,
    cacheWrites: 0,
    cost: 0.001,
    steps: 1,
    lastSeq: 0,
    autoApprove: { read: true, write: false },
    todos: '',
    createdBy: 'u1',
    imported: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    completedAt: null,
    error: null,
    ...overrides,
  };
}

export function say(seq: number, text: string, say: SayKind = 'text', partial = false): TaskMessage {
  return { seq, ts: 1_700_000_000_000 + seq, type: 'say', say, text, partial, meta: {} };
}

export function ask(seq: number, kind: AskKind, text: string): TaskMessage {
  return { seq, ts: 1_700_000_000_000 + seq, type: 'ask', ask: kind, text, partial: false, meta: {} };
}
