const KEY = 'roo:chunk-reload-at';

/**
 * After a deploy, an open tab may ask for code-split chunks that no longer exist. Vite reports that as
 * `vite:preloadError`; reload once (not more than once a minute) to pick up the new build.
 */
export function reloadOnStaleChunks(): void {
  window.addEventListener('vite:preloadError', (event) => {
    const last = Number(sessionStorage.getItem(KEY) ?? 0);
    if (Date.now() - last < 60_000) return;
    sessionStorage.setItem(KEY, String(Date.now()));
    event.preventDefault();
    window.location.reload();
  });
}
