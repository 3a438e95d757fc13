import { onlineManager } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { useConnectionState, useRealtime } from '@/lib/realtime-context';

function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    (cb) => onlineManager.subscribe(cb),
    () => onlineManager.isOnline(),
    () => true,
  );
}

/**
 * Shown while the browser is offline or the live connection is down; it stays at the top of the
 * screen while scrolling (styles.css .banner-slot). "Retry now" reconnects at once, and so does the
 * browser saying the network is back, instead of waiting out Socket.IO's back-off.
 */
export function ConnectionBanner() {
  const state = useConnectionState();
  const realtime = useRealtime();
  const online = useBrowserOnline();

  useEffect(() => {
    const onOnline = () => {
      if (realtime.getState() === 'reconnecting') realtime.retryNow();
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [realtime]);

  const message = !online
    ? 'You are offline. Changes cannot be saved until the connection is back.'
    : state === 'reconnecting'
      ? 'Live connection lost. Reconnecting… Updates will catch up automatically.'
      : null;

  return (
    <div role="status" aria-live="polite" className="banner-slot">
      {message && (
        <div className="banner banner-warning connection-banner">
          <span>{message}</span>
          {online && (
            <button type="button" className="btn btn-small" onClick={() => realtime.retryNow()}>
              Retry now
            </button>
          )}
        </div>
      )}
    </div>
  );
}
