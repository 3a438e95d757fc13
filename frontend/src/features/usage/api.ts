import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, requestResponse, type Operation } from '@/lib/api/client';
import type {
  BudgetView,
  HistoryImportView,
  ImportedFromView,
  UsageRowView,
} from '@/lib/api/generated/openapi';

export type Budget = BudgetView;
export type UsageRow = UsageRowView;
/** Where an imported task came from, and what it had cost there. */
export type ImportedFrom = ImportedFromView;
export type ImportResult = HistoryImportView;
type ImportBody = NonNullable<
  Operation<'post', '/api/v1/workspaces/{ws}/tasks/import'>['requestBody']
>['content']['application/json'];
export type ExportFormat = NonNullable<
  NonNullable<Operation<'get', '/api/v1/tasks/{id}/export'>['parameters']['query']>['format']
>;

const budgetKey = (ws: string) => ['workspaces', ws, 'budget'] as const;

export function useBudget(ws: string) {
  return useQuery({
    queryKey: budgetKey(ws),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/budget', { params: { ws } }),
  });
}

export function useSetBudget(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (monthlyLimitUsd: number | null) =>
      request('put', '/api/v1/workspaces/{ws}/budget', { params: { ws }, body: { monthlyLimitUsd } }),
    onSuccess: (b) => qc.setQueryData(budgetKey(ws), b),
  });
}

export function useUsage(ws: string, month: string) {
  return useQuery({
    queryKey: ['workspaces', ws, 'usage', month] as const,
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/usage', { params: { ws }, query: { month } }),
  });
}

/** The file name of a download (Content-Disposition), or `fallback`. */
function filenameOf(res: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '');
  return m?.[1] ?? fallback;
}

/** Offers a Blob as a file download. */
export function saveFile(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** Downloads a task's history in one format; answers the file name. */
export async function exportTask(taskId: string, format: ExportFormat): Promise<string> {
  const res = await requestResponse('get', '/api/v1/tasks/{id}/export', {
    params: { id: taskId },
    query: { format },
  });
  const name = filenameOf(res, format === 'markdown' ? 'task.md' : `${format}.json`);
  saveFile(name, await res.blob());
  return name;
}

/** Imports a Roo/Zoo history (the two files' parsed contents) as a read-only task. */
export function importHistory(
  ws: string,
  input: { uiMessages?: unknown; apiConversationHistory?: unknown; mode?: string },
): Promise<ImportResult> {
  const { mode, ...files } = input;
  // The two files' parsed contents as they are (the server checks them), up to 32 MiB: a long deadline.
  return request('post', '/api/v1/workspaces/{ws}/tasks/import', {
    params: { ws },
    query: mode ? { mode } : {},
    body: files as ImportBody,
    timeoutMs: 5 * 60_000,
  });
}

export function useImportHistory(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Parameters<typeof importHistory>[1]) => importHistory(ws, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['workspaces', ws, 'tasks'] }),
  });
}
