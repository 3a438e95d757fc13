import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useCurrentUser, useLogout } from '@/features/auth/api';
import { useWaitingSignals } from '@/features/tasks/hooks/use-waiting-count';
import { useMediaQuery } from '@/lib/use-media-query';
import { useUiStore } from '@/stores/ui-store';
import { ConnectionBanner } from './connection-banner';
import { useRouteFocus } from './route-focus';

export const WIDE_SCREEN = '(min-width: 768px)';

/** The signed-in frame: skip link, header, main nav (a drawer on phones), main landmark. */
export function AppShell() {
  useWaitingSignals();
  const announcement = useRouteFocus();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <MainNav />
      <ConnectionBanner />
      <main id="main" className="shell-main" tabIndex={-1}>
        <Outlet />
      </main>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </div>
  );
}

export function MainNav() {
  const wide = useMediaQuery(WIDE_SCREEN);
  const open = useUiStore((s) => s.navOpen);
  const setOpen = useUiStore((s) => s.setNavOpen);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const menuButton = useRef<HTMLButtonElement>(null);
  const expanded = wide || open;

  // Close the drawer whenever the route changes.
  useEffect(() => {
    setOpen(false);
  }, [pathname, setOpen]);

  // Escape closes the drawer and returns focus to the Menu button.
  useEffect(() => {
    if (wide || !open) return;
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        menuButton.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [wide, open, setOpen]);

  const signOut = () => {
    logout.mutate(undefined, {
      onSettled: () => void navigate({ to: '/sign-in', search: { redirect: undefined } }),
    });
  };

  return (
    <header className="topbar">
      <div className="topbar-row">
        <Link to="/workspaces" className="brand">
          Roo Server
        </Link>
        {!wide && (
          <button
            ref={menuButton}
            type="button"
            className="btn btn-ghost menu-button"
            aria-expanded={open}
            aria-controls="main-nav"
            onClick={() => setOpen(!open)}
          >
            {open ? 'Close menu' : 'Menu'}
          </button>
        )}
      </div>
      <nav
        id="main-nav"
        aria-label="Main"
        className="main-nav"
        hidden={!expanded}
        data-layout={wide ? 'bar' : 'drawer'}
      >
        <ul>
          <li>
            <Link to="/workspaces" activeProps={{ 'aria-current': 'page' }} activeOptions={{ exact: false }}>
              Workspaces
            </Link>
          </li>
          <li>
            <Link to="/account/sessions" activeProps={{ 'aria-current': 'page' }}>
              Sessions
            </Link>
          </li>
          <li>
            <Link to="/account/tokens" activeProps={{ 'aria-current': 'page' }}>
              API tokens
            </Link>
          </li>
        </ul>
        <div className="nav-user">
          {user && <span className="nav-user-name">{user.displayName}</span>}
          <button type="button" className="btn" onClick={signOut} disabled={logout.isPending}>
            Sign out
          </button>
        </div>
      </nav>
    </header>
  );
}
