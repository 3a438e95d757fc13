import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { getAccessToken } from '@/lib/api/token';
import { authResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { SignInForm } from './sign-in-form';

describe('SignInForm', () => {
  it('shows field errors and sends nothing when the form is invalid', async () => {
    let calls = 0;
    server.use(
      http.post('/api/v1/auth/login', () => {
        calls += 1;
        return HttpResponse.json(authResponse());
      }),
    );
    const onSuccess = vi.fn();
    renderWithProviders(<SignInForm onSuccess={onSuccess} />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Enter a valid email address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter a valid email address.');
    expect(calls).toBe(0);
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('shows the server error message on wrong credentials', async () => {
    server.use(
      http.post('/api/v1/auth/login', () =>
        HttpResponse.json(
          { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', requestId: 'r1' },
          { status: 401 },
        ),
      ),
    );
    const onSuccess = vi.fn();
    renderWithProviders(<SignInForm onSuccess={onSuccess} />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(onSuccess).not.toHaveBeenCalled();
    expect(getAccessToken()).toBeNull();
  });

  it('explains rate limiting with the Retry-After delay', async () => {
    server.use(
      http.post('/api/v1/auth/login', () =>
        HttpResponse.json(
          { statusCode: 429, error: 'Too Many Requests', message: 'Too many login attempts' },
          { status: 429, headers: { 'Retry-After': '42' } },
        ),
      ),
    );
    renderWithProviders(<SignInForm onSuccess={() => {}} />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'whatever123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 42 s');
  });

  it('signs in, keeps the access token in memory and sends a device label', async () => {
    let body: unknown;
    server.use(
      http.post('/api/v1/auth/login', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(authResponse('fresh-token'));
      }),
    );
    const onSuccess = vi.fn();
    renderWithProviders(<SignInForm onSuccess={onSuccess} />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(getAccessToken()).toBe('fresh-token');
    expect(body).toMatchObject({
      email: 'ada@example.com',
      password: 'correct horse',
      deviceLabel: expect.any(String),
    });
    expect(window.localStorage.length).toBe(0);
  });
});
