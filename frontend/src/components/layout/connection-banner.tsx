import { useConnectionState } from '@/lib/realtime-context';

/** Shown while the live connection is down; the task view catches up by itself on reconnect. */
export function ConnectionBanner() {
  const state = useConnectionState();
  return (
    <div role="status" aria-live="polite" className="banner-slot">
      {state === 'reconnecting' && (
        <div className="banner banner-warning">
          Live connection lost. Reconnecting… Updates will catch up automatically.
        </div>
      )}
    </div>
  );
}
