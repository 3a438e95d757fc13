/*
 * Roo Server's service worker: shows Web Push notifications (a task waits for an answer or an
 * approval, or ended) and opens the task when one is clicked. Nothing is cached: the app stays
 * online-only, and nginx serves this file with `Cache-Control: no-cache`, so a deploy updates it.
 * The payload carries the task's title and why (no prompt or output): see docs/frontend.md.
 */
const HEADLINES = {
  question: 'A task has a question for you',
  approval: 'A task waits for your approval',
  completed: 'A task completed',
  failed: 'A task failed',
};

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** Only a path of this site may be opened (never another origin, even if a payload said so). */
function sitePath(url) {
  return typeof url === 'string' && /^\/(?![/\\])/.test(url) ? url : '/';
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const headline = HEADLINES[data.kind] || 'A task needs you';
  const title = typeof data.title === 'string' ? data.title.slice(0, 200) : '';
  event.waitUntil(
    self.registration.showNotification(headline, {
      body: title,
      icon: '/favicon.svg',
      badge: '/favicon.svg',
      // One notification per task: a newer one replaces the older.
      tag: typeof data.taskId === 'string' ? `task-${data.taskId}` : undefined,
      renotify: true,
      data: { url: sitePath(data.url) },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = sitePath(event.notification.data && event.notification.data.url);
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      // Reuse an open tab of the app: navigate it to the task and bring it to the front.
      for (const client of windows) {
        if (new URL(client.url).origin !== self.location.origin) continue;
        if ('navigate' in client) await client.navigate(target).catch(() => undefined);
        return client.focus();
      }
      return self.clients.openWindow(target);
    })(),
  );
});
