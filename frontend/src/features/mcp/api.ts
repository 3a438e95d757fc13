import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';
import type {
  CreateMcpServerDto,
  McpResourceView,
  McpServerView,
  McpToolView,
  UpdateMcpServerDto,
} from '@/lib/api/generated/openapi';

export type McpServer = McpServerView;
export type McpStatus = McpServerView['status'];
export type McpTool = McpToolView;
export type McpResource = McpResourceView;
export type McpServerInput = CreateMcpServerDto;
export type McpServerUpdate = UpdateMcpServerDto;

const key = (ws: string) => ['workspaces', ws, 'mcp-servers'] as const;

export const useMcpServers = (ws: string) =>
  useQuery({
    queryKey: key(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/mcp-servers', { params: { ws } }),
  });

/** Every change answers the server as stored; the list is refreshed from it. */
function useServerMutation<T, R>(ws: string, fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: key(ws) }) });
}

export const useCreateMcpServer = (ws: string) =>
  useServerMutation(ws, (input: McpServerInput) =>
    request('post', '/api/v1/workspaces/{ws}/mcp-servers', { params: { ws }, body: input }),
  );

export const useUpdateMcpServer = (ws: string, id: string) =>
  useServerMutation(ws, (input: McpServerUpdate) =>
    request('patch', '/api/v1/workspaces/{ws}/mcp-servers/{id}', { params: { ws, id }, body: input }),
  );

export const useRefreshMcpServer = (ws: string, id: string) =>
  useServerMutation(ws, () =>
    request('post', '/api/v1/workspaces/{ws}/mcp-servers/{id}/refresh', { params: { ws, id } }),
  );

export const useDeleteMcpServer = (ws: string, id: string) =>
  useServerMutation(ws, () =>
    request('delete', '/api/v1/workspaces/{ws}/mcp-servers/{id}', { params: { ws, id } }),
  );
