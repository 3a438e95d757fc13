import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { ShareItem } from '@/lib/api/generated/openapi';
import { task } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { TaskView } from './task-view';

const link = (id: string, by: string | null): ShareItem => ({
  id,
  taskId: 't1',
  taskTitle: 'Fix the bug',
  createdBy: by ? `u-${by}` : null,
  createdByName: by,
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-04T00:00:00.000Z',
});

describe('TaskView share links', () => {
  it('lists the live links when opened and revokes one after confirmation', async () => {
    let links = [link('s1', 'Ada'), link('s2', null)];
    const revoked: string[] = [];
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(task({ status: 'completed' }))),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json([])),
      http.get('/api/v1/tasks/t1/shares', () => HttpResponse.json(links)),
      http.delete('/api/v1/shares/:id', ({ params }) => {
        revoked.push(String(params.id));
        links = links.filter((l) => l.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<TaskView taskId="t1" canAct />);
    await user.click(await screen.findByText('Share links'));
    const list = await screen.findByRole('list', { name: 'Share links' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByText(/by Ada/)).toBeInTheDocument();
    expect(within(list).getByText(/by a former member/)).toBeInTheDocument();

    const [first] = within(list).getAllByRole('button', { name: /Revoke/ });
    if (!first) throw new Error('no revoke button');
    await user.click(first);
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(revoked).toEqual(['s1']));
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Share links' })).getAllByRole('listitem')).toHaveLength(
        1,
      ),
    );
  });

  it('shows the new link in the list right after sharing', async () => {
    let links: ShareItem[] = [];
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(task({ status: 'completed' }))),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json([])),
      http.get('/api/v1/tasks/t1/shares', () => HttpResponse.json(links)),
      http.post('/api/v1/tasks/t1/share', () => {
        links = [link('s9', 'Ada')];
        return HttpResponse.json(
          { id: 's9', token: 'rs_tok', url: 'http://x/shared/rs_tok', expiresAt: '2026-01-04T00:00:00.000Z' },
          { status: 201 },
        );
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<TaskView taskId="t1" canAct />);
    await user.click(await screen.findByRole('button', { name: 'Share read-only link' }));
    const list = await screen.findByRole('list', { name: 'Share links' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
  });
});
