import { Download } from 'lucide-react';
import { useState } from 'react';
import { InlineError } from '@/components/states';
import { request } from '@/lib/api/client';

type Format = 'zip' | 'tar.gz';

/**
 * Downloads the workspace (or one folder) as an archive. The API hands out a single-use link valid
 * for 60 s, so the browser downloads it as a plain link: streamed to disk by the browser, nothing
 * held in this page's memory and no bearer token in a URL.
 */
export function ExportButton({ ws, prefix }: { ws: string; prefix?: string }) {
  const [format, setFormat] = useState<Format>('zip');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const what = prefix ? `folder ${prefix}` : 'workspace';

  const download = async () => {
    setPending(true);
    setError(null);
    try {
      const link = await request('post', '/api/v1/workspaces/{ws}/files/export-link', {
        params: { ws },
        body: prefix ? { format, prefix } : { format },
      });
      const a = document.createElement('a');
      a.href = link.url;
      a.download = '';
      a.rel = 'noopener';
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="export-button">
      <div className="row wrap">
        <label className="visually-hidden" htmlFor={`export-format-${prefix ?? ''}`}>
          Archive format
        </label>
        <select
          id={`export-format-${prefix ?? ''}`}
          value={format}
          onChange={(e) => setFormat(e.target.value as Format)}
        >
          <option value="zip">.zip</option>
          <option value="tar.gz">.tar.gz</option>
        </select>
        <button type="button" className="btn" onClick={() => void download()} disabled={pending}>
          <Download aria-hidden="true" size={18} />
          Download {what}
        </button>
      </div>
      <InlineError error={error} />
    </div>
  );
}
