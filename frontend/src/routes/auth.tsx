import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import { sessionQuery } from '@/features/auth/api';
import { rootRoute } from './__root';

const redirectSearch = z.object({ redirect: z.string().optional().catch(undefined) });
/** sso_error: the code the API's external sign-in callback sends a failed sign-in back with. */
const signInSearch = redirectSearch.extend({
  sso_error: z.string().max(40).optional().catch(undefined),
});

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: signInSearch,
  component: lazyRouteComponent(() => import('@/features/auth'), 'SignInPage'),
});

export const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-up',
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import('@/features/auth'), 'SignUpPage'),
});

/** Mailed links: password reset and address verification (their token is in the query). */
const tokenSearch = z.object({ token: z.string().max(200).optional().catch(undefined) });

export const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('@/features/auth/email-pages'), 'ForgotPasswordPage'),
});

export const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('@/features/auth/email-pages'), 'ResetPasswordPage'),
});

export const verifyEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/verify-email',
  validateSearch: tokenSearch,
  component: lazyRouteComponent(() => import('@/features/auth/email-pages'), 'VerifyEmailPage'),
});

export const sharedRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/shared/$token',
  component: lazyRouteComponent(() => import('@/features/tasks/shared-page'), 'SharedTaskPage'),
});

/** The auth boundary: everything below needs a session (bootstrapped from the refresh cookie). */
export const authedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'authed',
  beforeLoad: async ({ context, location }) => {
    const user = await context.queryClient.ensureQueryData(sessionQuery);
    if (!user) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    return { user };
  },
  component: lazyRouteComponent(() => import('@/components/layout/app-shell'), 'AppShell'),
});

export const indexRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/workspaces' });
  },
});

export const sessionsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/account/sessions',
  component: lazyRouteComponent(() => import('@/features/auth/sessions-page'), 'SessionsPage'),
});

export const securityRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/account/security',
  component: lazyRouteComponent(() => import('@/features/account/security-page'), 'SecurityPage'),
});

export const tokensRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/account/tokens',
  component: lazyRouteComponent(() => import('@/features/auth/tokens-page'), 'TokensPage'),
});
