import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { setAccessToken } from '@/lib/api/token';
import { useUiStore } from '@/stores/ui-store';
import { server } from './server';

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  setAccessToken(null);
  useUiStore.setState({ navOpen: false });
});
afterAll(() => server.close());

/** jsdom has no matchMedia; tests pick the viewport with setViewportWidth. */
let viewportWidth = 390;
export function setViewportWidth(px: number) {
  viewportWidth = px;
}
Object.defineProperty(window, 'matchMedia', {
  configurable: true,
  value: (query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const matches = min ? viewportWidth >= Number(min[1]) : false;
    return {
      matches,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    };
  },
});
