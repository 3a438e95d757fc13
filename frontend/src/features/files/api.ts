import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, requestResponse } from '@/lib/api/client';
import { uploadWithProgress } from '@/lib/api/upload';

/** A file's bytes as the API serves them (Content-Type and ETag in the headers). */
const fileResponse = (ws: string, path: string) =>
  requestResponse('get', '/api/v1/workspaces/{ws}/files/content', { params: { ws }, query: { path } });

export const fileKeys = {
  all: (ws: string) => ['workspaces', ws, 'files'] as const,
  folder: (ws: string, prefix: string) => ['workspaces', ws, 'files', 'folder', prefix] as const,
  content: (ws: string, path: string) => ['workspaces', ws, 'files', 'content', path] as const,
};

export function useFolder(ws: string, prefix: string, enabled = true) {
  return useQuery({
    queryKey: fileKeys.folder(ws, prefix),
    queryFn: () => request('get', '/api/v1/workspaces/{ws}/files', { params: { ws }, query: { prefix } }),
    enabled,
  });
}

export interface FileContent {
  text: string;
  binary: boolean;
  etag: string | null;
  contentType: string;
}

const BINARY_TYPES = /^(image|audio|video|font)\/|^application\/(zip|gzip|x-tar|pdf|x-7z-compressed)/;

export function useFileContent(ws: string, path: string | undefined) {
  return useQuery({
    queryKey: fileKeys.content(ws, path ?? ''),
    enabled: Boolean(path),
    queryFn: async (): Promise<FileContent> => {
      const res = await fileResponse(ws, path ?? '');
      const contentType = res.headers.get('Content-Type') ?? 'application/octet-stream';
      const buf = new Uint8Array(await res.arrayBuffer());
      const looksBinary = buf.subarray(0, 8000).includes(0);
      const binary = looksBinary || BINARY_TYPES.test(contentType);
      return {
        text: binary ? '' : new TextDecoder().decode(buf),
        binary,
        etag: res.headers.get('ETag'),
        contentType,
      };
    },
  });
}

export function useSaveFile(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, text }: { path: string; text: string }) =>
      request('put', '/api/v1/workspaces/{ws}/files/content', {
        params: { ws },
        query: { path },
        rawBody: text,
        contentType: 'text/plain; charset=utf-8',
      }),
    onSuccess: (_f, { path }) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: fileKeys.content(ws, path) }),
        qc.invalidateQueries({ queryKey: ['workspaces', ws, 'files', 'folder'] }),
      ]),
  });
}

export function useMoveFile(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ from, to }: { from: string; to: string }) =>
      request('post', '/api/v1/workspaces/{ws}/files/move', { params: { ws }, body: { from, to } }),
    onSettled: () => qc.invalidateQueries({ queryKey: fileKeys.all(ws) }),
  });
}

export function useDeleteFile(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (path: string) =>
      request('delete', '/api/v1/workspaces/{ws}/files', { params: { ws }, query: { path } }),
    onSettled: () => qc.invalidateQueries({ queryKey: fileKeys.all(ws) }),
  });
}

export function uploadFile(ws: string, path: string, file: Blob, onProgress: (f: number) => void) {
  return uploadWithProgress({
    method: 'put',
    params: { ws },
    query: { path },
    body: file,
    onProgress,
  });
}

export function importArchive(ws: string, prefix: string, file: Blob, onProgress: (f: number) => void) {
  return uploadWithProgress({
    method: 'post',
    params: { ws },
    query: prefix ? { prefix } : {},
    body: file,
    onProgress,
  });
}

/** Downloads through the API (with the access token) and saves via a temporary object URL. */
export async function downloadFile(ws: string, path: string): Promise<void> {
  const res = await fileResponse(ws, path);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = path.slice(path.lastIndexOf('/') + 1);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
