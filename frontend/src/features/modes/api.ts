import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';
import type { CreateModeDto, ImportModesResult, ModeView } from '@/lib/api/generated/openapi';

/** A mode as GET /workspaces/:ws/modes returns it (Roo Code's ModeConfig + builtIn). */
export type ModeConfig = ModeView;
export type ModeInput = CreateModeDto;
export type ImportResult = ImportModesResult;

// Same key as the providers feature's useModes: a change here refreshes the task form's list too.
const modesKey = (ws: string) => ['workspaces', ws, 'modes'] as const;

export function useModeConfigs(ws: string) {
  return useQuery({
    queryKey: modesKey(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/modes', { params: { ws } }),
  });
}

export function useSaveMode(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, isNew }: { input: ModeInput; isNew: boolean }) => {
      if (isNew) return request('post', '/api/v1/workspaces/{ws}/modes', { params: { ws }, body: input });
      const { slug, ...changes } = input;
      return request('patch', '/api/v1/workspaces/{ws}/modes/{slug}', {
        params: { ws, slug },
        body: changes,
      });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: modesKey(ws) }),
  });
}

export function useDeleteMode(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (slug: string) =>
      request('delete', '/api/v1/workspaces/{ws}/modes/{slug}', { params: { ws, slug } }),
    onSettled: () => qc.invalidateQueries({ queryKey: modesKey(ws) }),
  });
}

export function useImportModes(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { content: string; overwrite: boolean }) =>
      request('post', '/api/v1/workspaces/{ws}/modes/import', { params: { ws }, body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: modesKey(ws) }),
  });
}

export function exportModes(ws: string, format: 'yaml' | 'json', builtIn: boolean) {
  return request('get', '/api/v1/workspaces/{ws}/modes/export', {
    params: { ws },
    query: { format, builtIn: builtIn ? 'true' : 'false' },
  });
}
