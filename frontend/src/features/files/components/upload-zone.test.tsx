import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setAccessToken } from '@/lib/api/token';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { UploadZone } from './upload-zone';

const meta = (path: string, size: number) => ({
  path,
  size,
  sha256: 'x',
  contentType: 'text/plain',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: null,
});

describe('UploadZone', () => {
  it('uploads a picked file into the current folder with the access token (XHR)', async () => {
    setAccessToken('tok');
    const seen: Array<{ path: string | null; body: string; auth: string | null }> = [];
    server.use(
      http.put('/api/v1/workspaces/w1/files/content', async ({ request }) => {
        const body = await request.text();
        seen.push({
          path: new URL(request.url).searchParams.get('path'),
          body,
          auth: request.headers.get('Authorization'),
        });
        return HttpResponse.json(meta('src/hello.txt', body.length));
      }),
    );
    renderWithProviders(<UploadZone ws="w1" prefix="src/" />);
    await userEvent
      .setup()
      .upload(
        await screen.findByLabelText('Choose files'),
        new File(['Hello world\n'], 'hello.txt', { type: 'text/plain' }),
      );
    const uploads = await screen.findByRole('list', { name: 'Uploads' });
    expect(await within(uploads).findByText('Uploaded')).toBeInTheDocument();
    expect(seen).toEqual([{ path: 'src/hello.txt', body: 'Hello world\n', auth: 'Bearer tok' }]);
  });

  it('shows the server error for a file over the size limit', async () => {
    server.use(
      http.put('/api/v1/workspaces/w1/files/content', () =>
        HttpResponse.json(
          { statusCode: 413, error: 'Payload Too Large', message: 'the file is larger than 10 MB' },
          { status: 413 },
        ),
      ),
    );
    renderWithProviders(<UploadZone ws="w1" prefix="" />);
    await userEvent.setup().upload(await screen.findByLabelText('Choose files'), new File(['x'], 'big.bin'));
    expect(await screen.findByRole('alert')).toHaveTextContent('the file is larger than 10 MB');
  });

  it('imports an archive into the folder and reports how many files came in', async () => {
    let prefix: string | null = null;
    server.use(
      http.post('/api/v1/workspaces/w1/files/import', ({ request }) => {
        prefix = new URL(request.url).searchParams.get('prefix');
        return HttpResponse.json({ imported: 2, files: [meta('lib/a.ts', 1), meta('lib/b.ts', 1)] });
      }),
    );
    renderWithProviders(<UploadZone ws="w1" prefix="lib/" />);
    await userEvent
      .setup()
      .upload(
        await screen.findByLabelText('Import archive'),
        new File([new Uint8Array([80, 75, 3, 4])], 'bundle.zip', { type: 'application/zip' }),
      );
    expect(await screen.findByText('2 files imported')).toBeInTheDocument();
    expect(prefix).toBe('lib/');
  });
});
