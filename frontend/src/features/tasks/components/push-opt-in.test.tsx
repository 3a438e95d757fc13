import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { PushOptIn } from './push-opt-in';

const PUBLIC_KEY = btoa(String.fromCharCode(4, ...Array.from({ length: 64 }, (_, i) => i)))
  .replace(/\+/g, '-')
  .replace(/\//g, '_')
  .replace(/=+$/, '');
const ENDPOINT = 'https://push.example.test/send/device-1';

/** A browser with service workers and the Push API, as far as the component can tell. */
function fakeBrowser(
  permission: NotificationPermission = 'default',
  answer: NotificationPermission = 'granted',
) {
  let current: { endpoint: string; toJSON: () => unknown; unsubscribe: () => Promise<boolean> } | null = null;
  const subscription = {
    endpoint: ENDPOINT,
    toJSON: () => ({ endpoint: ENDPOINT, keys: { p256dh: 'BPk', auth: 'au' } }),
    unsubscribe: vi.fn(() => {
      current = null;
      return Promise.resolve(true);
    }),
  };
  const pushManager = {
    getSubscription: vi.fn(() => Promise.resolve(current)),
    subscribe: vi.fn((_opts: PushSubscriptionOptionsInit) => {
      current = subscription;
      return Promise.resolve(subscription);
    }),
  };
  const registration = { pushManager };
  const serviceWorker = {
    register: vi.fn(() => Promise.resolve(registration)),
    ready: Promise.resolve(registration),
    getRegistration: vi.fn(() => Promise.resolve(registration)),
  };
  Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: serviceWorker });
  vi.stubGlobal('PushManager', function PushManager() {});
  const requestPermission = vi.fn(() => Promise.resolve(answer));
  vi.stubGlobal('Notification', { permission, requestPermission });
  return { serviceWorker, pushManager, subscription, requestPermission };
}

/** The server's push endpoints, keeping what was subscribed. */
function fakeServer(enabled = true) {
  const saved: Array<{ id: string; endpoint: string; body: unknown }> = [];
  const deleted: string[] = [];
  server.use(
    http.get('/api/v1/push/config', () =>
      HttpResponse.json({ enabled, publicKey: enabled ? PUBLIC_KEY : null }),
    ),
    http.get('/api/v1/push/subscriptions', () =>
      HttpResponse.json(
        saved.map((s) => ({
          id: s.id,
          endpoint: s.endpoint,
          deviceLabel: '',
          createdAt: '2026-01-01T00:00:00Z',
          lastSentAt: null,
          lastError: null,
        })),
      ),
    ),
    http.post('/api/v1/push/subscriptions', async ({ request }) => {
      const body = (await request.json()) as { endpoint: string };
      saved.push({ id: `s${saved.length + 1}`, endpoint: body.endpoint, body });
      return HttpResponse.json({ id: `s${saved.length}`, endpoint: body.endpoint }, { status: 201 });
    }),
    http.delete('/api/v1/push/subscriptions/:id', ({ params }) => {
      deleted.push(String(params.id));
      saved.splice(
        saved.findIndex((s) => s.id === params.id),
        1,
      );
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return { saved, deleted };
}

describe('push notifications opt-in (per device)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    Reflect.deleteProperty(navigator, 'serviceWorker');
  });

  it('turning it on asks permission, registers the service worker, subscribes with the server key and saves the subscription; off undoes it', async () => {
    const browser = fakeBrowser();
    const backend = fakeServer();
    renderWithProviders(<PushOptIn />);
    const toggle = await screen.findByRole('switch', { name: 'Notify me on this device' });
    await vi.waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toBeChecked();

    await userEvent.click(toggle);
    expect(await screen.findByText('Notifications are on for this device.')).toBeInTheDocument();
    expect(toggle).toBeChecked();
    expect(browser.requestPermission).toHaveBeenCalled();
    expect(browser.serviceWorker.register).toHaveBeenCalledWith('/sw.js', { scope: '/' });
    const opts = browser.pushManager.subscribe.mock.calls[0]?.[0];
    expect(opts?.userVisibleOnly).toBe(true);
    const key = opts?.applicationServerKey as Uint8Array;
    expect(key).toHaveLength(65);
    expect(key[0]).toBe(4);
    expect(backend.saved).toHaveLength(1);
    expect(backend.saved[0]?.body).toMatchObject({ endpoint: ENDPOINT, keys: { p256dh: 'BPk', auth: 'au' } });
    expect(backend.saved[0]?.body).toHaveProperty('deviceLabel');

    await userEvent.click(toggle);
    expect(await screen.findByText('Notifications are off for this device.')).toBeInTheDocument();
    expect(toggle).not.toBeChecked();
    expect(browser.subscription.unsubscribe).toHaveBeenCalled();
    expect(backend.deleted).toEqual(['s1']);
  });

  it('says why it cannot be turned on: push not configured on the server', async () => {
    fakeBrowser();
    fakeServer(false);
    renderWithProviders(<PushOptIn />);
    expect(await screen.findByText(/not configured on this server/)).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Notify me on this device' })).toBeDisabled();
  });

  it('a refused permission saves nothing and says how to allow it', async () => {
    const browser = fakeBrowser('default', 'denied');
    const backend = fakeServer();
    renderWithProviders(<PushOptIn />);
    const toggle = await screen.findByRole('switch', { name: 'Notify me on this device' });
    await vi.waitFor(() => expect(toggle).toBeEnabled());
    await userEvent.click(toggle);
    expect(await screen.findByRole('alert')).toHaveTextContent(/blocked for this site/);
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled();
    expect(backend.saved).toEqual([]);
    expect(toggle).not.toBeChecked();
  });

  it('a browser without the Push API gets an explanation, not a broken switch', async () => {
    fakeServer();
    renderWithProviders(<PushOptIn />);
    expect(await screen.findByText(/cannot receive push notifications/)).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Notify me on this device' })).toBeDisabled();
  });
});
