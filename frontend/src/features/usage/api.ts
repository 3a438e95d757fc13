import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchWithDeadline, refreshSession } from '@/lib/api/client';
import { getAccessToken } from '@/lib/api/token';
import { ApiError, type ApiErrorBody } from '@/lib/errors';

/*
 * Budget, usage and task history import/export. These calls go through a small fetch of their own
 * (the shared client's deadline, bearer token and one refresh on 401) so they do not depend on the
 * named-endpoint table, and downloads can read the file name from the answer.
 */

export interface Budget {
  /** USD per calendar month (UTC); null = no limit. */
  monthlyLimitUsd: number | null;
  /** First day of the month counted (YYYY-MM-DD). */
  month: string;
  spentUsd: number;
  exhausted: boolean;
}

export interface UsageRow {
  userId: string | null;
  displayName: string | null;
  model: string | null;
  tasks: number;
  tokensIn: number;
  tokensOut: number;
  cacheReads: number;
  cacheWrites: number;
  costUsd: number;
}

/** Where an imported task came from, and what it had cost there. */
export interface ImportedFrom {
  source: string;
  at: string;
  messages: number;
  tokensIn: number;
  tokensOut: number;
  cacheReads: number;
  cacheWrites: number;
  cost: number;
}

export interface ImportResult {
  task: { id: string; title: string };
  messages: number;
  notes: string[];
}

export type ExportFormat = 'markdown' | 'ui_messages' | 'api_conversation_history';

async function call(method: string, path: string, body?: BodyInit, timeoutMs?: number): Promise<Response> {
  const send = () => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = getAccessToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetchWithDeadline(`/api/v1${path}`, { method, headers, body, credentials: 'include' }, timeoutMs);
  };
  let res = await send();
  if (res.status === 401 && (await refreshSession().catch(() => null))) res = await send();
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as Partial<ApiErrorBody> | null;
    throw new ApiError(res.status, err, Number(res.headers.get('Retry-After')) || undefined);
  }
  return res;
}

const json = async <T>(res: Promise<Response>): Promise<T> => (await (await res).json()) as T;
const enc = encodeURIComponent;

const budgetKey = (ws: string) => ['workspaces', ws, 'budget'] as const;

export function useBudget(ws: string) {
  return useQuery({
    queryKey: budgetKey(ws),
    queryFn: () => json<Budget>(call('GET', `/workspaces/${enc(ws)}/budget`)),
  });
}

export function useSetBudget(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (monthlyLimitUsd: number | null) =>
      json<Budget>(call('PUT', `/workspaces/${enc(ws)}/budget`, JSON.stringify({ monthlyLimitUsd }))),
    onSuccess: (b) => qc.setQueryData(budgetKey(ws), b),
  });
}

export function useUsage(ws: string, month: string) {
  return useQuery({
    queryKey: ['workspaces', ws, 'usage', month] as const,
    queryFn: () => json<UsageRow[]>(call('GET', `/workspaces/${enc(ws)}/usage?month=${enc(month)}`)),
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
  const res = await call('GET', `/tasks/${enc(taskId)}/export?format=${format}`);
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
  const query = mode ? `?mode=${enc(mode)}` : '';
  return json<ImportResult>(
    call('POST', `/workspaces/${enc(ws)}/tasks/import${query}`, JSON.stringify(files), 5 * 60_000),
  );
}

export function useImportHistory(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Parameters<typeof importHistory>[1]) => importHistory(ws, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['workspaces', ws, 'tasks'] }),
  });
}
