import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { TaskView as Task } from '@/lib/api/generated/openapi';

function isTask(v: unknown): v is Task {
  return Boolean(v) && typeof v === 'object' && typeof (v as Task).id === 'string' && 'status' in (v as Task);
}

/**
 * How many tasks wait for the user (status waiting_for_input), from the tasks the UI already holds: task
 * lists (`['workspaces', ws, 'tasks', 'list', …]`) and single tasks (`['tasks', id]`). A task seen in
 * several queries counts once, with the status of the most recently updated copy (a live status event
 * patches the single task, a list refetch the list).
 */
export function countWaiting(qc: QueryClient): number {
  const latest = new Map<string, { status: Task['status']; at: number }>();
  const consider = (t: Task, at: number) => {
    const prev = latest.get(t.id);
    if (!prev || at >= prev.at) latest.set(t.id, { status: t.status, at });
  };
  for (const q of qc.getQueryCache().getAll()) {
    const key = q.queryKey;
    const data: unknown = q.state.data;
    const at = q.state.dataUpdatedAt;
    if (key[0] === 'tasks' && key.length === 2 && isTask(data)) consider(data, at);
    else if (key[0] === 'workspaces' && key[2] === 'tasks' && key[3] === 'list') {
      const pages = (data as { pages?: Array<{ items?: unknown[] }> } | undefined)?.pages ?? [];
      for (const page of pages) for (const t of page.items ?? []) if (isTask(t)) consider(t, at);
    }
  }
  let n = 0;
  for (const { status } of latest.values()) if (status === 'waiting_for_input') n++;
  return n;
}

export function useWaitingCount(): number {
  const qc = useQueryClient();
  return useSyncExternalStore(
    (onChange) => qc.getQueryCache().subscribe(onChange),
    () => countWaiting(qc),
  );
}

const PREFIX = /^\(\d+\+?\) /;

/** The tab title with "(N) " in front while N tasks wait for the user. */
export function titleWithCount(title: string, n: number): string {
  const base = title.replace(PREFIX, '');
  return n > 0 ? `(${n > 99 ? '99+' : n}) ${base}` : base;
}

/** The app icon with a red count badge (an SVG data URL; the count is digits only, nothing to escape). */
export function badgeIcon(n: number): string {
  const label = n > 9 ? '9+' : String(n);
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
    '<rect width="32" height="32" rx="6" fill="#1d4ed8"/>' +
    '<text x="11" y="22" font-size="16" text-anchor="middle" fill="#fff" font-family="sans-serif">R</text>' +
    '<circle cx="22" cy="10" r="10" fill="#dc2626"/>' +
    `<text x="22" y="15" font-size="${label.length > 1 ? 11 : 14}" font-weight="700" text-anchor="middle" fill="#fff" font-family="sans-serif">${label}</text>` +
    '</svg>';
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * Tells a user in another tab that tasks wait for them: "(N) " in the tab title and a badge on the
 * favicon, both restored when none waits (or on unmount, e.g. sign-out).
 */
export function useWaitingSignals(): number {
  const n = useWaitingCount();
  useEffect(() => {
    document.title = titleWithCount(document.title, n);
    const icon = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    if (!icon) return;
    icon.dataset.original ??= icon.getAttribute('href') ?? '';
    icon.href = n > 0 ? badgeIcon(n) : icon.dataset.original;
  }, [n]);
  useEffect(
    () => () => {
      document.title = titleWithCount(document.title, 0);
      const icon = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
      if (icon?.dataset.original !== undefined) icon.setAttribute('href', icon.dataset.original);
    },
    [],
  );
  return n;
}
