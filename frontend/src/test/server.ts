import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { authResponse } from './fixtures';

/** Default handlers: a signed-in session. Tests add their own with server.use(...). */
export const handlers = [
  http.post('/api/v1/auth/refresh', () => HttpResponse.json(authResponse())),
  http.get('/api/v1/invitations', () => HttpResponse.json([])),
];

export const server = setupServer(...handlers);
