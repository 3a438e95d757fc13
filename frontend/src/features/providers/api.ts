import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/endpoints';
import type { ProviderInput } from '@/lib/api/types';

export const providerKeys = {
  all: (ws: string) => ['workspaces', ws, 'providers'] as const,
  modes: (ws: string) => ['workspaces', ws, 'modes'] as const,
};

export function useProviders(ws: string) {
  return useQuery({ queryKey: providerKeys.all(ws), queryFn: () => api.providers.list(ws) });
}

export function useModes(ws: string) {
  return useQuery({
    queryKey: providerKeys.modes(ws),
    queryFn: () => api.modes.list(ws),
    staleTime: 5 * 60_000,
  });
}

export function useSaveProvider(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: ProviderInput }) =>
      id ? api.providers.update(ws, id, input) : api.providers.create(ws, input),
    onSettled: () => qc.invalidateQueries({ queryKey: providerKeys.all(ws) }),
  });
}

export function useDeleteProvider(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.providers.remove(ws, id),
    onSettled: () => qc.invalidateQueries({ queryKey: providerKeys.all(ws) }),
  });
}

export function useTestProvider(ws: string) {
  return useMutation({ mutationFn: (id: string) => api.providers.test(ws, id) });
}
