import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { CheckpointView as Checkpoint } from '@/lib/api/generated/openapi';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { TaskCheckpoints } from './task-checkpoints';

const cp = (
  seq: number,
  kind: Checkpoint['kind'],
  message: string,
  files: Checkpoint['files'],
): Checkpoint => ({
  seq,
  commit: `${seq}`.repeat(40).slice(0, 40),
  kind,
  message,
  files,
  filesChanged: files.length,
  createdAt: '2026-01-01T00:00:00.000Z',
});

const PATCH = [
  'diff --git a/notes/a.txt b/notes/a.txt',
  'index 111..222 100644',
  '--- a/notes/a.txt',
  '+++ b/notes/a.txt',
  '@@ -1 +1 @@',
  '-first',
  '+second',
  'diff --git a/old.txt b/old.txt',
  'deleted file mode 100644',
  '--- a/old.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-gone',
  '',
].join('\n');

function mock() {
  const restores: unknown[] = [];
  const list = [
    cp(1, 'initial', 'task started', []),
    cp(2, 'step', 'changed notes/a.txt, deleted old.txt', [
      { status: 'M', path: 'notes/a.txt' },
      { status: 'D', path: 'old.txt' },
    ]),
  ];
  server.use(
    http.get('/api/v1/tasks/t1/checkpoints', () => HttpResponse.json(list)),
    http.get('/api/v1/tasks/t1/checkpoints/2/diff', () =>
      HttpResponse.json({ ...list[1], patch: PATCH, truncated: false }),
    ),
    http.post('/api/v1/tasks/t1/checkpoints/:seq/restore', async ({ request, params }) => {
      const body = (await request.json()) as { path?: string };
      restores.push({ seq: Number(params.seq), ...body });
      return HttpResponse.json({
        restoredFrom: Number(params.seq),
        path: body.path ?? null,
        files: [{ status: 'M', path: 'notes/a.txt' }],
        conflicts: [],
        checkpoint: cp(3, 'restore', 'restore', []),
      });
    }),
  );
  return restores;
}

describe('TaskCheckpoints', () => {
  it('lists checkpoints when opened, shows one’s diff per file, restores one file after a confirm', async () => {
    const restores = mock();
    const user = userEvent.setup();
    renderWithProviders(<TaskCheckpoints taskId="t1" canRestore running={false} version={2} />);
    await user.click(await screen.findByText('Checkpoints'));
    const list = await screen.findByRole('list', { name: 'Checkpoints' });
    const [newest, ...rest] = within(list).getAllByRole('listitem');
    expect(rest).toHaveLength(1);
    if (!newest) throw new Error('no checkpoint listed');
    // Newest first.
    expect(newest).toHaveTextContent('changed notes/a.txt, deleted old.txt');

    await user.click(within(newest).getByRole('button', { name: /Show changes/ }));
    const diff = await screen.findByLabelText('Changes to notes/a.txt');
    expect(diff).toHaveTextContent('second');
    expect(screen.getByLabelText('Changes to old.txt')).toHaveTextContent('gone');
    // A file the checkpoint deleted has nothing to restore to.
    expect(screen.getAllByRole('button', { name: /Restore this file/ })).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Restore this file (notes/a.txt)' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Restore notes/a.txt to checkpoint 2?');
    expect(restores).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(restores).toEqual([{ seq: 2, path: 'notes/a.txt' }]));
    expect(await screen.findByText(/Restored notes\/a.txt to checkpoint 2/)).toBeInTheDocument();
  });

  it('restores the whole workspace (no path) after a confirm', async () => {
    const restores = mock();
    const user = userEvent.setup();
    renderWithProviders(<TaskCheckpoints taskId="t1" canRestore running={false} version={2} />);
    await user.click(await screen.findByText('Checkpoints'));
    await user.click(await screen.findByRole('button', { name: 'Restore workspace to checkpoint 1' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Restore the workspace to checkpoint 1?');
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(restores).toEqual([{ seq: 1 }]));
  });

  it('viewers see the list and diffs but no restore', async () => {
    mock();
    const user = userEvent.setup();
    renderWithProviders(<TaskCheckpoints taskId="t1" canRestore={false} running={false} version={2} />);
    await user.click(await screen.findByText('Checkpoints'));
    await screen.findByRole('list', { name: 'Checkpoints' });
    await user.click(screen.getByRole('button', { name: 'Show changes of checkpoint 2' }));
    await screen.findByLabelText('Changes to notes/a.txt');
    expect(screen.queryByRole('button', { name: /Restore/ })).toBeNull();
  });

  it('offers no restore while the task runs', async () => {
    mock();
    const user = userEvent.setup();
    renderWithProviders(<TaskCheckpoints taskId="t1" canRestore running version={2} />);
    await user.click(await screen.findByText('Checkpoints'));
    expect(await screen.findByText('Restoring is possible once the task has stopped.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Restore/ })).toBeNull();
  });
});
