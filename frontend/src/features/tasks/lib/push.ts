import { request } from '@/lib/api/client';
import type { PushConfigView, PushSubscriptionView } from '@/lib/api/generated/openapi';
import { deviceLabel } from '@/lib/device-label';

/** GET /push/config: whether the server sends notifications, and its VAPID public key. */
export type PushConfig = PushConfigView;
export type PushSubscriptionItem = PushSubscriptionView;

export const pushApi = {
  config: () => request('get', '/api/v1/push/config'),
  list: () => request('get', '/api/v1/push/subscriptions'),
  subscribe: (sub: PushSubscriptionJSON, deviceLabel: string) =>
    request('post', '/api/v1/push/subscriptions', {
      body: {
        endpoint: sub.endpoint ?? '',
        keys: { p256dh: sub.keys?.p256dh ?? '', auth: sub.keys?.auth ?? '' },
        deviceLabel,
      },
    }),
  remove: (id: string) => request('delete', '/api/v1/push/subscriptions/{id}', { params: { id } }),
};

/** Whether this browser can receive Web Push at all (service workers, Push API, notifications). */
export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

const keyBytes = (base64url: string) => {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

/** The service worker (public/sw.js): registered when the user opts in, then kept by the browser. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  return navigator.serviceWorker.ready;
}

/** This browser's current push subscription, if it has one (without registering anything). */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration('/');
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/** Asks for permission, subscribes this browser with the server's key and saves it on the server. */
export async function enablePush(publicKey: string): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted')
    throw new Error(
      permission === 'denied'
        ? 'Notifications are blocked for this site. Allow them in the browser’s site settings, then try again.'
        : 'Notifications were not allowed.',
    );
  const reg = await registerServiceWorker();
  let sub = await reg.pushManager.getSubscription();
  if (!sub)
    sub = await reg.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey),
    });
  await pushApi.subscribe(sub.toJSON(), deviceLabel());
}

/** Unsubscribes this browser and forgets it on the server. */
export async function disablePush(): Promise<void> {
  const sub = await currentSubscription();
  if (!sub) return;
  const mine = (await pushApi.list()).find((s) => s.endpoint === sub.endpoint);
  await sub.unsubscribe();
  if (mine) await pushApi.remove(mine.id);
}
