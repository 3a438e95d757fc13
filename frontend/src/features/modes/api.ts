import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api/client';
import type { ModeGroup } from '@/lib/api/types';

/** A mode as GET /workspaces/:ws/modes returns it (Roo Code's ModeConfig + builtIn). */
export interface ModeConfig {
  slug: string;
  name: string;
  roleDefinition: string;
  whenToUse: string;
  customInstructions: string;
  groups: ModeGroup[];
  builtIn: boolean;
}

export type ModeInput = Omit<ModeConfig, 'builtIn'>;

export interface ImportResult {
  created: string[];
  updated: string[];
  skipped: { slug: string; reason: string }[];
  warnings: string[];
}

export interface ExportedModes {
  filename: string;
  contentType: string;
  content: string;
}

// Same key as the providers feature's useModes: a change here refreshes the task form's list too.
const modesKey = (ws: string) => ['workspaces', ws, 'modes'] as const;

export function useModeConfigs(ws: string) {
  return useQuery({
    queryKey: modesKey(ws),
    queryFn: () => request<ModeConfig[]>('modes', { params: { ws } }),
  });
}

export function useSaveMode(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, isNew }: { input: ModeInput; isNew: boolean }) => {
      if (isNew) return request<ModeConfig>('createMode', { params: { ws }, body: input });
      const { slug, ...changes } = input;
      return request<ModeConfig>('updateMode', { params: { ws, slug }, body: changes });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: modesKey(ws) }),
  });
}

export function useDeleteMode(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (slug: string) => request<undefined>('deleteMode', { params: { ws, slug } }),
    onSettled: () => qc.invalidateQueries({ queryKey: modesKey(ws) }),
  });
}

export function useImportModes(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { content: string; overwrite: boolean }) =>
      request<ImportResult>('importModes', { params: { ws }, body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: modesKey(ws) }),
  });
}

export function exportModes(ws: string, format: 'yaml' | 'json', builtIn: boolean): Promise<ExportedModes> {
  return request<ExportedModes>('exportModes', {
    params: { ws },
    query: { format, builtIn: String(builtIn) },
  });
}
