import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server } from '@/test/server';
import { renderWithProviders } from '@/test/render';
import { PendingInvitations } from './pending-invitations';

const invitation = {
  id: '11111111-1111-4111-8111-111111111111',
  workspaceId: '22222222-2222-4222-8222-222222222222',
  workspaceName: 'Team app',
  role: 'member',
  invitedBy: 'Grace',
  createdAt: '2026-11-29T10:00:00.000Z',
  expiresAt: '2026-12-13T10:00:00.000Z',
};

describe('PendingInvitations', () => {
  it('shows an invitation with accept and decline, and accepting calls the API and clears it', async () => {
    let pending = [invitation];
    const accepted: string[] = [];
    server.use(
      http.get('/api/v1/invitations', () => HttpResponse.json(pending)),
      http.post('/api/v1/invitations/:id/accept', ({ params }) => {
        accepted.push(String(params.id));
        pending = [];
        return HttpResponse.json({ id: invitation.workspaceId, name: 'Team app', role: 'member' });
      }),
    );
    renderWithProviders(<PendingInvitations />);
    expect(await screen.findByText('Team app')).toBeInTheDocument();
    expect(screen.getByText('Grace invites you as member')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Decline the invitation to Team app' })).toBeEnabled();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Accept the invitation to Team app' }));
    await waitFor(() => expect(screen.queryByText('Team app')).not.toBeInTheDocument());
    expect(accepted).toEqual([invitation.id]);
  });

  it('declining calls the decline endpoint', async () => {
    const declined: string[] = [];
    server.use(
      http.get('/api/v1/invitations', () => HttpResponse.json(declined.length ? [] : [invitation])),
      http.post('/api/v1/invitations/:id/decline', ({ params }) => {
        declined.push(String(params.id));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderWithProviders(<PendingInvitations />);
    await userEvent
      .setup()
      .click(await screen.findByRole('button', { name: 'Decline the invitation to Team app' }));
    await waitFor(() => expect(declined).toEqual([invitation.id]));
    await waitFor(() => expect(screen.queryByText('Team app')).not.toBeInTheDocument());
  });

  it('renders nothing without invitations', async () => {
    const { container } = renderWithProviders(<PendingInvitations />);
    await waitFor(() => expect(container.querySelector('section')).toBeNull());
  });
});
