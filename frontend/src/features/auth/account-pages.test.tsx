import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { SessionsPage } from './sessions-page';
import { TokensPage } from './tokens-page';

const stored = {
  id: 'k1',
  name: 'ci',
  scopes: ['read', 'write'],
  createdAt: '2026-01-02T10:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
};

describe('account pages', () => {
  it('revoking the token just created takes its secret off the screen', async () => {
    let tokens: Array<typeof stored> = [];
    server.use(
      http.get('/api/v1/auth/tokens', () => HttpResponse.json(tokens)),
      http.post('/api/v1/auth/tokens', () => {
        tokens = [stored];
        return HttpResponse.json({
          id: 'k1',
          name: 'ci',
          scopes: ['read', 'write'],
          token: 'roo_secret_123',
        });
      }),
      http.delete('/api/v1/auth/tokens/k1', () => {
        tokens = [];
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<TokensPage />);
    await user.type(await screen.findByLabelText('Name'), 'ci');
    await user.click(screen.getByLabelText('Write'));
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('roo_secret_123')).toBeInTheDocument();
    // Scopes read as words, not the API's identifiers.
    expect(await screen.findByText(/Read, Write · created/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Revoke ci' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('No API tokens yet.')).toBeInTheDocument();
    expect(screen.queryByText('roo_secret_123')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Copy token' })).not.toBeInTheDocument();
  });

  it('a session without a sign-in date does not say "Signed in —"; the disabled button says why', async () => {
    server.use(
      http.get('/api/v1/auth/sessions', () =>
        HttpResponse.json([
          {
            id: 's1',
            deviceLabel: 'Firefox on Linux',
            lastUsedAt: '2026-01-03T10:00:00.000Z',
            expiresAt: '2026-02-03T10:00:00.000Z',
            current: true,
          },
        ]),
      ),
    );
    renderWithProviders(<SessionsPage />);
    const card = (await screen.findByText('Firefox on Linux')).closest('li');
    expect(card).not.toBeNull();
    expect(card).toHaveTextContent(/Last used .+ · expires .+/);
    expect(card).not.toHaveTextContent('—');
    expect(card).not.toHaveTextContent('Signed in');
    const button = screen.getByRole('button', { name: 'Sign out other devices' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription('No other device is signed in.');
  });
});
