import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { ExportButton } from './export-button';

describe('ExportButton', () => {
  it('asks for a single-use link and follows it as a plain download (no fetch of the archive)', async () => {
    const bodies: unknown[] = [];
    let archiveFetched = false;
    server.use(
      http.post('/api/v1/workspaces/w1/files/export-link', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(
          { url: '/api/v1/exports/tok123', expiresAt: '2026-01-01T00:01:00.000Z' },
          { status: 201 },
        );
      }),
      http.get('/api/v1/exports/:token', () => {
        archiveFetched = true;
        return new HttpResponse('zip');
      }),
    );
    const clicked: { href: string; download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.download });
    });
    const user = userEvent.setup();
    renderWithProviders(<ExportButton ws="w1" prefix="src/" />);
    await user.selectOptions(await screen.findByLabelText('Archive format'), 'tar.gz');
    await user.click(screen.getByRole('button', { name: 'Download folder src/' }));
    await waitFor(() => expect(clicked).toEqual([{ href: '/api/v1/exports/tok123', download: '' }]));
    expect(bodies).toEqual([{ format: 'tar.gz', prefix: 'src/' }]);
    expect(archiveFetched).toBe(false);
    // The temporary link is gone again.
    expect(document.querySelector('a[href="/api/v1/exports/tok123"]')).toBeNull();
    click.mockRestore();
  });

  it('shows the server’s refusal', async () => {
    server.use(
      http.post('/api/v1/workspaces/w1/files/export-link', () =>
        HttpResponse.json(
          { statusCode: 404, error: 'Not Found', message: 'folder x/ not found' },
          { status: 404 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderWithProviders(<ExportButton ws="w1" />);
    await user.click(await screen.findByRole('button', { name: 'Download workspace' }));
    expect(await screen.findByText(/folder x\/ not found/)).toBeInTheDocument();
  });
});
