import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';
import type { CreateProviderDto as ProviderInput } from '@/lib/api/generated/openapi';

export const providerKeys = {
  all: (ws: string) => ['workspaces', ws, 'providers'] as const,
  modes: (ws: string) => ['workspaces', ws, 'modes'] as const,
};

export function useProviders(ws: string) {
  return useQuery({
    queryKey: providerKeys.all(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/providers', { params: { ws } }),
  });
}

export function useModes(ws: string) {
  return useQuery({
    queryKey: providerKeys.modes(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/modes', { params: { ws } }),
    staleTime: 5 * 60_000,
  });
}

export function useSaveProvider(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: ProviderInput }) =>
      id
        ? request('patch', '/api/v1/workspaces/{ws}/providers/{id}', { params: { ws, id }, body: input })
        : request('post', '/api/v1/workspaces/{ws}/providers', { params: { ws }, body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: providerKeys.all(ws) }),
  });
}

export function useDeleteProvider(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      request('delete', '/api/v1/workspaces/{ws}/providers/{id}', { params: { ws, id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: providerKeys.all(ws) }),
  });
}

export function useTestProvider(ws: string) {
  return useMutation({
    mutationFn: (id: string) =>
      request('post', '/api/v1/workspaces/{ws}/providers/{id}/test', { params: { ws, id } }),
  });
}
