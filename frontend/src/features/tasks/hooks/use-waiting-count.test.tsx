import { act, screen } from '@testing-library/react';
import type { TaskView as Task } from '@/lib/api/generated/openapi';
import { task } from '@/test/fixtures';
import { createTestQueryClient, renderWithProviders } from '@/test/render';
import { badgeIcon, titleWithCount, useWaitingSignals } from './use-waiting-count';

function Probe() {
  const n = useWaitingSignals();
  return <p>waiting {n}</p>;
}

const list = (items: Task[]) => ({ pages: [{ items, nextCursor: null }], pageParams: [undefined] });

describe('waiting-for-you signals', () => {
  beforeEach(() => {
    document.head.innerHTML = '<link rel="icon" href="/favicon.svg" type="image/svg+xml" />';
    document.title = 'Roo Server';
  });

  it('shows "(N) " in the tab title and a badge on the favicon while tasks wait, and restores both', async () => {
    const qc = createTestQueryClient();
    qc.setQueryData(
      ['workspaces', 'w1', 'tasks', 'list', 'all'],
      list([
        task({ id: 'a', status: 'waiting_for_input' }),
        task({ id: 'b', status: 'running' }),
        task({ id: 'c', status: 'waiting_for_input' }),
      ]),
    );
    // The same task in a filtered list counts once.
    qc.setQueryData(
      ['workspaces', 'w1', 'tasks', 'list', 'waiting_for_input'],
      list([task({ id: 'a', status: 'waiting_for_input' })]),
    );
    const { unmount } = renderWithProviders(<Probe />, { queryClient: qc });
    await screen.findByText('waiting 2');
    expect(document.title).toBe('(2) Roo Server');
    const icon = document.querySelector('link[rel="icon"]');
    expect(icon?.getAttribute('href')).toBe(badgeIcon(2));
    expect(decodeURIComponent(icon?.getAttribute('href') ?? '')).toContain('>2</text>');

    // A live status event patches the single task (newer than the list): it no longer waits.
    act(() => qc.setQueryData(['tasks', 'a'], task({ id: 'a', status: 'running' })));
    await screen.findByText('waiting 1');
    expect(document.title).toBe('(1) Roo Server');

    act(() => qc.setQueryData(['tasks', 'c'], task({ id: 'c', status: 'completed' })));
    await screen.findByText('waiting 0');
    expect(document.title).toBe('Roo Server');
    expect(icon?.getAttribute('href')).toBe('/favicon.svg');

    act(() => qc.setQueryData(['tasks', 'b'], task({ id: 'b', status: 'waiting_for_input' })));
    await screen.findByText('waiting 1');
    unmount();
    expect(document.title).toBe('Roo Server');
    expect(icon?.getAttribute('href')).toBe('/favicon.svg');
  });

  it('titleWithCount replaces an earlier count and caps it', () => {
    expect(titleWithCount('(3) Roo Server', 5)).toBe('(5) Roo Server');
    expect(titleWithCount('(3) Roo Server', 0)).toBe('Roo Server');
    expect(titleWithCount('Roo Server', 120)).toBe('(99+) Roo Server');
    expect(titleWithCount('(99+) Roo Server', 1)).toBe('(1) Roo Server');
  });
});
