import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the decorators with metadata, which Nest's dependency injection needs.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts', 'test/**/*.int-spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Set-ups start real API and worker processes; with every suite sharing 2 cores a
    // start has taken over 60 s (provider-egress, clean-clone make test).
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
