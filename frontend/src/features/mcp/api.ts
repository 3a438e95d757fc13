import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';

export type McpStatus = 'unknown' | 'connected' | 'error';

export interface McpTool {
  name: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
}

export interface McpResource {
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
}

/** A registered MCP server as the API shows it: header names with hints, never their values. */
export interface McpServer {
  id: string;
  workspaceId: string;
  name: string;
  url: string;
  enabled: boolean;
  headers: Record<string, string>;
  allowedTools: string[];
  resourcesAllowed: boolean;
  tools: McpTool[];
  resources: McpResource[];
  status: McpStatus;
  lastError: string | null;
  discoveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface McpServerInput {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

export interface McpServerUpdate {
  enabled?: boolean;
  allowedTools?: string[];
  resourcesAllowed?: boolean;
}

const key = (ws: string) => ['workspaces', ws, 'mcp-servers'] as const;

export const useMcpServers = (ws: string) =>
  useQuery({
    queryKey: key(ws),
    queryFn: () => request<McpServer[]>('mcpServers', { params: { ws } }),
  });

/** Every change answers the server as stored; the list is refreshed from it. */
function useServerMutation<T, R>(ws: string, fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: key(ws) }) });
}

export const useCreateMcpServer = (ws: string) =>
  useServerMutation(ws, (input: McpServerInput) =>
    request<McpServer>('createMcpServer', { params: { ws }, body: input }),
  );

export const useUpdateMcpServer = (ws: string, id: string) =>
  useServerMutation(ws, (input: McpServerUpdate) =>
    request<McpServer>('updateMcpServer', { params: { ws, id }, body: input }),
  );

export const useRefreshMcpServer = (ws: string, id: string) =>
  useServerMutation(ws, () => request<McpServer>('refreshMcpServer', { params: { ws, id } }));

export const useDeleteMcpServer = (ws: string, id: string) =>
  useServerMutation(ws, () => request<undefined>('deleteMcpServer', { params: { ws, id } }));
