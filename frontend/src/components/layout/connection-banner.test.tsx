import { onlineManager } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeRealtime } from '@/test/fake-realtime';
import { renderWithProviders } from '@/test/render';
import { ConnectionBanner } from './connection-banner';

describe('connection banner', () => {
  afterEach(() => onlineManager.setOnline(true));

  it('offers "Retry now" while the live connection is down, which reconnects at once', async () => {
    const realtime = new FakeRealtime('reconnecting');
    renderWithProviders(<ConnectionBanner />, { realtime });
    expect(await screen.findByText(/Live connection lost/)).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry now' }));
    expect(realtime.retries).toBe(1);
    act(() => realtime.setState('connected'));
    expect(screen.queryByText(/Live connection lost/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry now' })).not.toBeInTheDocument();
  });

  it('reconnects as soon as the browser says the network is back', async () => {
    const realtime = new FakeRealtime('reconnecting');
    renderWithProviders(<ConnectionBanner />, { realtime });
    await screen.findByText(/Live connection lost/);
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(realtime.retries).toBe(1);
  });

  it('says so while the browser is offline, even with the socket still up', async () => {
    renderWithProviders(<ConnectionBanner />, { realtime: new FakeRealtime('connected') });
    act(() => onlineManager.setOnline(false));
    expect(await screen.findByText(/You are offline/)).toBeInTheDocument();
    act(() => onlineManager.setOnline(true));
    expect(screen.queryByText(/You are offline/)).not.toBeInTheDocument();
  });
});
