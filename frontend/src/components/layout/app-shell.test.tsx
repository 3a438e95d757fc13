import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { authKeys } from '@/features/auth/api';
import { user } from '@/test/fixtures';
import { createTestQueryClient, renderWithProviders } from '@/test/render';
import { setViewportWidth } from '@/test/setup';
import { MainNav } from './app-shell';

function renderNav() {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(authKeys.session, user);
  return renderWithProviders(<MainNav />, { queryClient, path: '/workspaces' });
}

describe('MainNav (responsive)', () => {
  it('on a phone, the nav is a drawer behind a Menu button', async () => {
    setViewportWidth(390);
    renderNav();
    const menu = await screen.findByRole('button', { name: 'Menu' });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    expect(menu).toHaveAttribute('aria-controls', 'main-nav');
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();

    const u = userEvent.setup();
    await u.click(menu);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(screen.getByRole('button', { name: 'Close menu' })).toHaveAttribute('aria-expanded', 'true');
    expect(within(nav).getByRole('link', { name: 'Workspaces' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'API tokens' })).toBeInTheDocument();
    expect(within(nav).getByText('Ada')).toBeInTheDocument();

    await u.keyboard('{Escape}');
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Menu' })).toHaveFocus();
  });

  it('closes the drawer after navigating', async () => {
    setViewportWidth(390);
    const { router } = renderNav();
    const u = userEvent.setup();
    await u.click(await screen.findByRole('button', { name: 'Menu' }));
    await u.click(screen.getByRole('link', { name: 'Sessions' }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/account/sessions'));
    await vi.waitFor(() =>
      expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument(),
    );
  });

  it('on a wide screen, the nav is always shown and there is no Menu button', async () => {
    setViewportWidth(1280);
    renderNav();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Menu' })).not.toBeInTheDocument();
  });
});
