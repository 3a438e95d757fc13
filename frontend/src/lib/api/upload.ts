import { ApiError, type ApiErrorBody } from '@/lib/errors';
import { buildUrl, refreshSession, type ApiResponse } from './client';
import { getAccessToken } from './token';

/** The two routes that take raw bytes: a file's content, an archive to import. */
const UPLOAD_ROUTES = {
  put: '/api/v1/workspaces/{ws}/files/content',
  post: '/api/v1/workspaces/{ws}/files/import',
} as const;
type UploadMethod = keyof typeof UPLOAD_ROUTES;
/** What the upload route answers (the stored file, or the import's result). */
export type UploadResult<M extends UploadMethod> = M extends 'put'
  ? ApiResponse<'put', typeof UPLOAD_ROUTES.put>
  : ApiResponse<'post', typeof UPLOAD_ROUTES.post>;

export interface UploadOptions<M extends UploadMethod> {
  method: M;
  params: { ws: string };
  query: { path?: string; prefix?: string };
  body: Blob;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

interface XhrResult {
  status: number;
  body: string;
  retryAfter: number | undefined;
}

function once(opts: UploadOptions<UploadMethod>): Promise<XhrResult> {
  return new Promise<XhrResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(opts.method.toUpperCase(), buildUrl(UPLOAD_ROUTES[opts.method], opts.params, opts.query));
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
export async function uploadWithProgress<M extends UploadMethod>(
  opts: UploadOptions<M>,
): Promise<UploadResult<M>> {
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
  return (res.body ? JSON.parse(res.body) : undefined) as UploadResult<M>;
}
