/**
 * Every REST path the client calls, as OpenAPI-style templates. `npm run check:api` compares this list
 * with the backend's /api/docs-json, so keep it the single source of the client's URLs.
 * (Plain data only: scripts/check-api.mjs imports this file with Node's type stripping.)
 */
export const API_PREFIX = '/api/v1';

export const API_PATHS = {
  register: { method: 'post', path: '/auth/register' },
  login: { method: 'post', path: '/auth/login' },
  refresh: { method: 'post', path: '/auth/refresh' },
  logout: { method: 'post', path: '/auth/logout' },
  logoutAll: { method: 'post', path: '/auth/logout-all' },
  me: { method: 'get', path: '/auth/me' },
  sessions: { method: 'get', path: '/auth/sessions' },
  deleteSession: { method: 'delete', path: '/auth/sessions/{id}' },
  tokens: { method: 'get', path: '/auth/tokens' },
  createToken: { method: 'post', path: '/auth/tokens' },
  deleteToken: { method: 'delete', path: '/auth/tokens/{id}' },
  workspaces: { method: 'get', path: '/workspaces' },
  createWorkspace: { method: 'post', path: '/workspaces' },
  workspace: { method: 'get', path: '/workspaces/{ws}' },
  updateWorkspace: { method: 'patch', path: '/workspaces/{ws}' },
  deleteWorkspace: { method: 'delete', path: '/workspaces/{ws}' },
  members: { method: 'get', path: '/workspaces/{ws}/members' },
  addMember: { method: 'post', path: '/workspaces/{ws}/members' },
  updateMember: { method: 'patch', path: '/workspaces/{ws}/members/{userId}' },
  removeMember: { method: 'delete', path: '/workspaces/{ws}/members/{userId}' },
  files: { method: 'get', path: '/workspaces/{ws}/files' },
  fileContent: { method: 'get', path: '/workspaces/{ws}/files/content' },
  putFileContent: { method: 'put', path: '/workspaces/{ws}/files/content' },
  moveFile: { method: 'post', path: '/workspaces/{ws}/files/move' },
  deleteFile: { method: 'delete', path: '/workspaces/{ws}/files' },
  importFiles: { method: 'post', path: '/workspaces/{ws}/files/import' },
  providers: { method: 'get', path: '/workspaces/{ws}/providers' },
  createProvider: { method: 'post', path: '/workspaces/{ws}/providers' },
  updateProvider: { method: 'patch', path: '/workspaces/{ws}/providers/{id}' },
  deleteProvider: { method: 'delete', path: '/workspaces/{ws}/providers/{id}' },
  testProvider: { method: 'post', path: '/workspaces/{ws}/providers/{id}/test' },
  modes: { method: 'get', path: '/workspaces/{ws}/modes' },
  tasks: { method: 'get', path: '/workspaces/{ws}/tasks' },
  createTask: { method: 'post', path: '/workspaces/{ws}/tasks' },
  task: { method: 'get', path: '/tasks/{id}' },
  taskMessages: { method: 'get', path: '/tasks/{id}/messages' },
  respondTask: { method: 'post', path: '/tasks/{id}/respond' },
  cancelTask: { method: 'post', path: '/tasks/{id}/cancel' },
  resumeTask: { method: 'post', path: '/tasks/{id}/resume' },
  deleteTask: { method: 'delete', path: '/tasks/{id}' },
  shareTask: { method: 'post', path: '/tasks/{id}/share' },
  taskShares: { method: 'get', path: '/tasks/{id}/shares' },
  workspaceShares: { method: 'get', path: '/workspaces/{ws}/shares' },
  revokeShare: { method: 'delete', path: '/shares/{id}' },
  shared: { method: 'get', path: '/shared/{token}' },
} as const;

export type ApiPathName = keyof typeof API_PATHS;
