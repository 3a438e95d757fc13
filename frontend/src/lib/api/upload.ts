import { ApiError, type ApiErrorBody } from '@/lib/errors';
import { buildUrl, refreshSession } from './client';
import type { ApiPathName } from './paths';
import { getAccessToken } from './token';

export interface UploadOptions {
  name: Extract<ApiPathName, 'putFileContent' | 'importFiles'>;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Blob;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

interface XhrResult {
  status: number;
  body: string;
  retryAfter: number | undefined;
}

function once(opts: UploadOptions): Promise<XhrResult> {
  return new Promise<XhrResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(opts.name === 'importFiles' ? 'POST' : 'PUT', buildUrl(opts.name, opts.params, opts.query));
    xhr.withCredentials = true;
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', opts.body.type || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        body: xhr.responseText,
        retryAfter: Number(xhr.getResponseHeader('Retry-After')) || undefined,
      });
    xhr.onerror = () => reject(new TypeError('Network error during upload'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(opts.body);
  });
}

/** Uploads with XMLHttpRequest so the UI can show progress (fetch has no upload progress). */
export async function uploadWithProgress<T>(opts: UploadOptions): Promise<T> {
  let res = await once(opts);
  if (res.status === 401 && (await refreshSession().catch(() => null))) {
    opts.onProgress?.(0);
    res = await once(opts);
  }
  if (res.status < 200 || res.status >= 300) {
    let body: Partial<ApiErrorBody> | null = null;
    try {
      body = JSON.parse(res.body) as Partial<ApiErrorBody>;
    } catch {
      body = null;
    }
    throw new ApiError(res.status, body, res.retryAfter);
  }
  return (res.body ? JSON.parse(res.body) : undefined) as T;
}
