import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { RenameDialog } from './rename-dialog';

function setup() {
  const moves: unknown[] = [];
  server.use(
    http.post('/api/v1/workspaces/w1/files/move', async ({ request }) => {
      const body = (await request.json()) as { from: string; to: string };
      moves.push(body);
      return HttpResponse.json({
        path: body.to,
        size: 1,
        sha256: 'x',
        contentType: 'text/plain',
        updatedAt: '',
        updatedBy: null,
      });
    }),
  );
  const onRenamed = vi.fn();
  const onOpenChange = vi.fn();
  renderWithProviders(
    <RenameDialog ws="w1" path="src/app.ts" open onOpenChange={onOpenChange} onRenamed={onRenamed} />,
  );
  return { moves, onRenamed, onOpenChange };
}

describe('RenameDialog path validation', () => {
  it.each([
    ["'..' segments", '../etc/passwd', "must not contain '..'"],
    ['an absolute path', '/abs/path.ts', 'relative path'],
    ['an empty segment', 'src//app.ts', 'empty segments'],
    ['a backslash', 'src\\app.ts', 'not \\'],
    ['a trailing slash', 'src/', 'empty segments'],
    ['a name over 255 bytes', `${'a'.repeat(256)}.ts`, 'at most 255 bytes'],
    ['an empty path', '', 'Enter a path.'],
  ])('rejects %s without calling the API', async (_label, input, message) => {
    const { moves, onRenamed } = setup();
    const user = userEvent.setup();
    const field = await screen.findByLabelText('New path');
    await user.clear(field);
    if (input)
      await user.type(
        field,
        input.replace(/[{[]/g, (c) => `${c}${c}`),
      );
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(
      await screen.findByText(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
    ).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(moves).toEqual([]);
    expect(onRenamed).not.toHaveBeenCalled();
  });

  it('moves the file for a valid path', async () => {
    const { moves, onRenamed } = setup();
    const user = userEvent.setup();
    const field = await screen.findByLabelText('New path');
    await user.clear(field);
    await user.type(field, 'lib/main.ts');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    await waitFor(() => expect(onRenamed).toHaveBeenCalledWith('lib/main.ts'));
    expect(moves).toEqual([{ from: 'src/app.ts', to: 'lib/main.ts' }]);
  });

  it('shows the server error (e.g. target exists)', async () => {
    setup();
    server.use(
      http.post('/api/v1/workspaces/w1/files/move', () =>
        HttpResponse.json(
          { statusCode: 409, error: 'Conflict', message: 'lib/x.ts already exists' },
          { status: 409 },
        ),
      ),
    );
    const user = userEvent.setup();
    const field = await screen.findByLabelText('New path');
    await user.clear(field);
    await user.type(field, 'lib/x.ts');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('lib/x.ts already exists');
  });
});
