import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { FakeRealtime } from '@/test/fake-realtime';
import { say, task } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { TaskView } from './task-view';

/** jsdom does no layout: the page's geometry and ResizeObserver are played by hand. */
function page(scrollHeight: number, innerHeight = 800) {
  Object.defineProperty(document.documentElement, 'scrollHeight', {
    configurable: true,
    value: scrollHeight,
  });
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: innerHeight });
}
function scrollTo(y: number) {
  Object.defineProperty(window, 'scrollY', { configurable: true, value: y });
  act(() => void window.dispatchEvent(new Event('scroll')));
}
let resized: Array<() => void> = [];
class FakeResizeObserver {
  constructor(private readonly cb: () => void) {}
  observe() {
    resized.push(this.cb);
  }
  disconnect() {
    resized = resized.filter((c) => c !== this.cb);
  }
  unobserve() {}
}

describe('TaskView stream following and composer', () => {
  let scrolls: number[];
  beforeEach(() => {
    resized = [];
    scrolls = [];
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    vi.spyOn(window, 'scrollTo').mockImplementation(((opts: ScrollToOptions) => {
      scrolls.push(opts.top ?? -1);
      Object.defineProperty(window, 'scrollY', {
        configurable: true,
        value: (opts.top ?? 0) - window.innerHeight,
      });
      window.dispatchEvent(new Event('scroll'));
    }) as typeof window.scrollTo);
    page(800);
    Object.defineProperty(window, 'scrollY', { configurable: true, value: 0 });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('follows the stream at the bottom, offers "Jump to latest" after scrolling up, and jumps', async () => {
    const history: TaskMessage[] = [say(1, 'one')];
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(task())),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json(history)),
    );
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<TaskView taskId="t1" canAct />, { realtime });
    await screen.findByText('one');
    await waitFor(() => expect(resized.length).toBeGreaterThan(0));

    // The stream grows while the reader is at the end: the page follows.
    page(2000);
    act(() => resized.forEach((cb) => cb()));
    expect(scrolls.at(-1)).toBe(2000);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();

    // The reader scrolls up: growth no longer moves the page; the jump button appears.
    scrollTo(600);
    const before = scrolls.length;
    page(2600);
    act(() => realtime.emit('task:message', { taskId: 't1', message: say(2, 'two') }));
    act(() => resized.forEach((cb) => cb()));
    expect(scrolls.length).toBe(before);
    const jump = await screen.findByRole('button', { name: 'Jump to latest' });

    await userEvent.setup().click(jump);
    expect(scrolls.at(-1)).toBe(2600);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    // Following again: the next growth is followed.
    page(3000);
    act(() => resized.forEach((cb) => cb()));
    expect(scrolls.at(-1)).toBe(3000);
  });

  it('Stop cancels a running task at once; a finished task shows the resume box instead', async () => {
    let current = task({ status: 'running' });
    let cancels = 0;
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(current)),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json([say(1, 'working')])),
      http.post('/api/v1/tasks/t1/cancel', () => {
        cancels++;
        current = task({ status: 'cancelled' });
        return HttpResponse.json(current);
      }),
    );
    renderWithProviders(<TaskView taskId="t1" canAct />, { realtime: new FakeRealtime('connected') });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(cancels).toBe(1));
    expect(await screen.findByRole('form', { name: 'Resume task' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  });

  it('viewers get neither Stop nor the resume box', async () => {
    server.use(
      http.get('/api/v1/tasks/t1', () => HttpResponse.json(task())),
      http.get('/api/v1/tasks/t1/messages', () => HttpResponse.json([say(1, 'working')])),
    );
    renderWithProviders(<TaskView taskId="t1" canAct={false} />, { realtime: new FakeRealtime('connected') });
    await screen.findByText('working');
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  });
});
