import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { ProviderButtons, ssoErrorText } from './provider-buttons';

describe('ProviderButtons', () => {
  it('shows exactly the providers the server lists, each a link to its start URL with the return path', async () => {
    server.use(
      http.get('/api/v1/auth/providers', () =>
        HttpResponse.json([
          {
            id: 'github',
            kind: 'github',
            label: 'Continue with GitHub',
            startUrl: '/api/v1/auth/oidc/github/start',
          },
          { id: 'sso', kind: 'oidc', label: 'Company SSO', startUrl: '/api/v1/auth/oidc/sso/start' },
          // Not an API start path: never rendered as a link.
          { id: 'evil', kind: 'oidc', label: 'Evil', startUrl: 'https://evil.example/start' },
        ]),
      ),
    );
    renderWithProviders(<ProviderButtons redirect="/workspaces/w1" />);
    const gh = await screen.findByRole('link', { name: 'Continue with GitHub' });
    expect(gh).toHaveAttribute('href', '/api/v1/auth/oidc/github/start?returnTo=%2Fworkspaces%2Fw1');
    expect(screen.getByRole('link', { name: 'Company SSO' })).toHaveAttribute(
      'href',
      '/api/v1/auth/oidc/sso/start?returnTo=%2Fworkspaces%2Fw1',
    );
    expect(screen.queryByRole('link', { name: 'Evil' })).toBeNull();
    expect(screen.getAllByRole('link')).toHaveLength(2);
  });

  it('shows nothing when no provider is configured', async () => {
    let asked = false;
    server.use(
      http.get('/api/v1/auth/providers', () => {
        asked = true;
        return HttpResponse.json([]);
      }),
    );
    const { container } = renderWithProviders(<ProviderButtons />);
    await vi.waitFor(() => expect(asked).toBe(true));
    expect(container.querySelector('nav')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('words each error code itself; an unknown code gets a generic line, never the raw text', () => {
    expect(ssoErrorText('unverified_email')).toMatch(/not verified the address/);
    expect(ssoErrorText('closed')).toMatch(/Registration is closed/);
    expect(ssoErrorText('Call +1 555 now')).toBe('Signing in with the provider failed. Please try again.');
    expect(ssoErrorText('toString')).toBe('Signing in with the provider failed. Please try again.');
  });
});
