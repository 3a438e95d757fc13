import type { AuthResponse, Task, TaskMessage, User, Workspace } from '@/lib/api/types';

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
  description: null,
  role: 'owner',
  createdAt: '2026-01-01T00:00:00.000Z',
};

export function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 't1',
    workspaceId: 'w1',
    parentId: null,
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
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    completedAt: null,
    error: null,
    ...overrides,
  };
}

export function say(seq: number, text: string, say = 'text', partial = false): TaskMessage {
  return { seq, ts: 1_700_000_000_000 + seq, type: 'say', say, text, partial, meta: null };
}

export function ask(seq: number, kind: string, text: string): TaskMessage {
  return { seq, ts: 1_700_000_000_000 + seq, type: 'ask', ask: kind, text, partial: false, meta: null };
}
