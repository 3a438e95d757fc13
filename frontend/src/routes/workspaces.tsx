import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import { TASK_STATUSES } from '@/lib/api/generated/realtime';
import { authedRoute } from './auth';

export const workspacesRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/workspaces',
  component: lazyRouteComponent(() => import('@/features/workspaces'), 'WorkspacesPage'),
});

export const workspaceRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/workspaces/$ws',
  component: lazyRouteComponent(() => import('@/features/workspaces/workspace-layout'), 'WorkspaceLayout'),
});

export const workspaceIndexRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/',
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/workspaces/$ws/tasks', params: { ws: params.ws } });
  },
});

export const tasksRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/tasks',
  validateSearch: z.object({ status: z.enum(TASK_STATUSES).optional().catch(undefined) }),
  component: lazyRouteComponent(() => import('@/features/tasks'), 'TasksPage'),
});

export const newTaskRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/tasks/new',
  component: lazyRouteComponent(() => import('@/features/tasks/new-task-page'), 'NewTaskPage'),
});

export const taskRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/tasks/$taskId',
  component: lazyRouteComponent(() => import('@/features/tasks/task-page'), 'TaskPage'),
});

export const filesRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/files',
  validateSearch: z.object({ path: z.string().optional().catch(undefined) }),
  component: lazyRouteComponent(() => import('@/features/files'), 'FilesPage'),
});

export const providersRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/providers',
  component: lazyRouteComponent(() => import('@/features/providers'), 'ProvidersPage'),
});

export const modesRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/modes',
  component: lazyRouteComponent(() => import('@/features/modes'), 'ModesPage'),
});

export const membersRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/members',
  component: lazyRouteComponent(() => import('@/features/workspaces/members-page'), 'MembersPage'),
});

export const usageRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/usage',
  component: lazyRouteComponent(() => import('@/features/usage/usage-page'), 'UsagePage'),
});

export const settingsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('@/features/workspaces/settings-page'), 'WorkspaceSettingsPage'),
});
