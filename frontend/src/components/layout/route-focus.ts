import { useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';

const APP = 'Roo Server';
const COUNT_PREFIX = /^\(\d+\+?\) /;
const WAIT_MS = 5000;

/**
 * The heading that names the page now shown in #main: inside a workspace, the heading of the tab's
 * content (the workspace name stays the same across tabs); elsewhere the page's first heading. Null
 * while the page is still loading.
 */
export function pageHeading(main: HTMLElement): HTMLElement | null {
  const workspace = main.querySelector('.workspace');
  if (workspace) {
    for (const child of workspace.children) {
      if (child.classList.contains('workspace-header')) continue;
      const h = child.querySelector<HTMLElement>('h1, h2');
      if (h) return h;
    }
    return null;
  }
  return main.querySelector<HTMLElement>('h1, h2');
}

/** Sets the tab title to the page's name, keeping a "(N) " waiting count in front. */
function setPageTitle(name: string) {
  const prefix = COUNT_PREFIX.exec(document.title)?.[0] ?? '';
  document.title = `${prefix}${name ? `${name} · ` : ''}${APP}`;
}

/**
 * After client-side navigation (not the first load), moves focus to the new page's heading and returns
 * a message for a live region, so keyboard and screen-reader users learn that the page changed. A page
 * that already put focus in a form field keeps it.
 */
export function useRouteFocus(): string {
  // The resolved location changes once the new route's loaders are done, not when navigation starts.
  const pathname = useRouterState({ select: (s) => (s.resolvedLocation ?? s.location).pathname });
  const previous = useRef<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const first = previous.current === null;
    const changed = previous.current !== pathname;
    previous.current = pathname;
    if (!changed) return;
    const main = document.getElementById('main');
    if (!main) return;
    let done = false;
    const settle = (heading: HTMLElement | null) => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      const name = heading?.textContent?.trim() ?? '';
      setPageTitle(name);
      if (first) return;
      const active = document.activeElement;
      const typing =
        active instanceof HTMLElement && active.matches('input, textarea, select, [contenteditable]');
      if (!(typing && main.contains(active))) {
        const target = heading ?? main;
        if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        // The stream view may have scrolled to its end already: focus must not scroll it back.
        target.focus({ preventScroll: true });
      }
      setAnnouncement(name ? `${name}, page loaded` : 'Page loaded');
    };
    // The new page renders after lazy loading and often after its data: wait for its heading, one that
    // was not already on the old page (still shown until the new one renders).
    const old = new Set(main.querySelectorAll('h1, h2'));
    const check = () => {
      const heading = pageHeading(main);
      if (!done && heading && (first || !old.has(heading))) settle(heading);
    };
    const observer = new MutationObserver(check);
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => {
      if (!done) settle(pageHeading(main));
    }, WAIT_MS);
    check();
    return () => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [pathname]);

  return announcement;
}
