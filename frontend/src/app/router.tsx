import type { QueryClient } from '@tanstack/react-query';
import { createRouter, type RouterHistory } from '@tanstack/react-router';
import { Loading } from '@/components/states';
import { rootRoute } from '@/routes/__root';
import {
  authedRoute,
  forgotPasswordRoute,
  indexRoute,
  resetPasswordRoute,
  securityRoute,
  verifyEmailRoute,
  sessionsRoute,
  sharedRoute,
  signInRoute,
  signUpRoute,
  tokensRoute,
} from '@/routes/auth';
import {
  filesRoute,
  membersRoute,
  modesRoute,
  newTaskRoute,
  providersRoute,
  settingsRoute,
  taskRoute,
  usageRoute,
  tasksRoute,
  workspaceIndexRoute,
  workspaceRoute,
  workspacesRoute,
} from '@/routes/workspaces';

export const routeTree = rootRoute.addChildren([
  signInRoute,
  signUpRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  verifyEmailRoute,
  sharedRoute,
  authedRoute.addChildren([
    indexRoute,
    sessionsRoute,
    securityRoute,
    tokensRoute,
    workspacesRoute,
    workspaceRoute.addChildren([
      workspaceIndexRoute,
      tasksRoute,
      newTaskRoute,
      taskRoute,
      filesRoute,
      providersRoute,
      modesRoute,
      membersRoute,
      usageRoute,
      settingsRoute,
    ]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context: { queryClient },
    history,
    defaultPreload: 'intent',
    defaultPendingComponent: Loading,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
