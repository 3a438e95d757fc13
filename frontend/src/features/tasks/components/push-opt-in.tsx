import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { InlineError } from '@/components/states';
import { currentSubscription, disablePush, enablePush, pushApi, pushSupported } from '../lib/push';

const keys = {
  config: ['push', 'config'] as const,
  device: ['push', 'this-device'] as const,
};

/** On when this browser holds a subscription the server still knows (it drops expired ones). */
async function thisDeviceOn(): Promise<boolean> {
  const sub = await currentSubscription();
  if (!sub) return false;
  return (await pushApi.list()).some((s) => s.endpoint === sub.endpoint);
}

/**
 * The per-device opt-in for Web Push: a switch that asks the browser for permission, registers
 * the service worker and subscribes this browser (or undoes all that). Says plainly why it is
 * unavailable: an unsupported browser, push not configured on the server, notifications blocked.
 */
export function PushOptIn() {
  const id = useId();
  const qc = useQueryClient();
  const supported = pushSupported();
  const config = useQuery({ queryKey: keys.config, queryFn: pushApi.config, enabled: supported });
  const device = useQuery({ queryKey: keys.device, queryFn: thisDeviceOn, enabled: supported });
  const toggle = useMutation({
    mutationFn: async (on: boolean) => {
      if (!on) return disablePush();
      if (!config.data?.publicKey) throw new Error('Push notifications are not configured on this server.');
      return enablePush(config.data.publicKey);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.device }),
  });

  const blocked = supported && Notification.permission === 'denied';
  const reason = !supported
    ? 'This browser cannot receive push notifications. On iPhone and iPad, add Roo Server to the Home Screen first.'
    : config.data && !config.data.enabled
      ? 'Push notifications are not configured on this server (an administrator sets the VAPID keys).'
      : blocked
        ? 'Notifications are blocked for this site. Allow them in the browser’s site settings to turn this on.'
        : null;
  const on = device.data === true;
  const busy = toggle.isPending || config.isPending || device.isPending;

  return (
    <section className="card push-opt-in" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Notifications on this device</h2>
      <p className="muted" id={`${id}-what`}>
        A notification when a task you started asks a question, waits for your approval, or ends. It shows the
        task’s title only, never its content.
      </p>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={on}
          disabled={Boolean(reason && !on) || (supported && busy)}
          aria-describedby={reason ? `${id}-why` : `${id}-what`}
          onChange={(e) => toggle.mutate(e.target.checked)}
        />{' '}
        Notify me on this device
      </label>
      {reason && (
        <p className="muted" id={`${id}-why`}>
          {reason}
        </p>
      )}
      {toggle.isSuccess && (
        <p role="status">
          {toggle.variables
            ? 'Notifications are on for this device.'
            : 'Notifications are off for this device.'}
        </p>
      )}
      <InlineError error={toggle.error ?? config.error} />
    </section>
  );
}
