import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { safeRedirect } from './redirect';
import { ProviderButtons, ssoErrorText } from './components/provider-buttons';
import { PasskeySignIn } from './components/passkey-sign-in';
import { SignInForm } from './components/sign-in-form';
import { SignUpForm } from './components/sign-up-form';

export function SignInPage() {
  const { redirect, sso_error: ssoError } = useSearch({ from: '/sign-in' });
  const navigate = useNavigate();
  return (
    <main id="main" className="page page-narrow auth-page">
      <h1>Sign in to Roo Server</h1>
      {ssoError && (
        <p className="inline-error" role="alert">
          {ssoErrorText(ssoError)}
        </p>
      )}
      <ProviderButtons redirect={redirect} />
      <SignInForm onSuccess={() => void navigate({ href: safeRedirect(redirect) })} />
      <PasskeySignIn onSuccess={() => void navigate({ href: safeRedirect(redirect) })} />
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here?{' '}
        <Link to="/sign-up" search={{ redirect }}>
          Create an account
        </Link>
      </p>
    </main>
  );
}

export function SignUpPage() {
  const { redirect } = useSearch({ from: '/sign-up' });
  const navigate = useNavigate();
  return (
    <main id="main" className="page page-narrow auth-page">
      <h1>Create your account</h1>
      <SignUpForm onSuccess={() => void navigate({ href: safeRedirect(redirect) })} />
      <p>
        Already have an account?{' '}
        <Link to="/sign-in" search={{ redirect }}>
          Sign in
        </Link>
      </p>
    </main>
  );
}
