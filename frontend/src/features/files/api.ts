import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/endpoints';
import type { FileEntry, ImportResult } from '@/lib/api/types';
import { uploadWithProgress } from '@/lib/api/upload';

export const fileKeys = {
  all: (ws: string) => ['workspaces', ws, 'files'] as const,
  folder: (ws: string, prefix: string) => ['workspaces', ws, 'files', 'folder', prefix] as const,
  content: (ws: string, path: string) => ['workspaces', ws, 'files', 'content', path] as const,
};

export function useFolder(ws: string, prefix: string, enabled = true) {
  return useQuery({
    queryKey: fileKeys.folder(ws, prefix),
    queryFn: () => api.files.list(ws, prefix),
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
      const res = await api.files.content(ws, path ?? '');
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
      api.files.save(ws, path, text, 'text/plain; charset=utf-8'),
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
    mutationFn: ({ from, to }: { from: string; to: string }) => api.files.move(ws, from, to),
    onSettled: () => qc.invalidateQueries({ queryKey: fileKeys.all(ws) }),
  });
}

export function useDeleteFile(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => api.files.remove(ws, path),
    onSettled: () => qc.invalidateQueries({ queryKey: fileKeys.all(ws) }),
  });
}

export function uploadFile(ws: string, path: string, file: Blob, onProgress: (f: number) => void) {
  return uploadWithProgress<FileEntry>({
    name: 'putFileContent',
    params: { ws },
    query: { path },
    body: file,
    onProgress,
  });
}

export function importArchive(ws: string, prefix: string, file: Blob, onProgress: (f: number) => void) {
  return uploadWithProgress<ImportResult>({
    name: 'importFiles',
    params: { ws },
    query: prefix ? { prefix } : {},
    body: file,
    onProgress,
  });
}

/** Downloads through the API (with the access token) and saves via a temporary object URL. */
export async function downloadFile(ws: string, path: string): Promise<void> {
  const res = await api.files.content(ws, path);
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
