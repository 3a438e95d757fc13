import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config.js';

/** One image, three roles: `node dist/main.js api|worker|migrate` (or ROLE=…). */
async function main(): Promise<void> {
  const role = process.argv[2] ?? process.env.ROLE ?? 'api';
  const config = loadConfig({ ...process.env, ROLE: role });
  switch (config.ROLE) {
    case 'api':
      return (await import('./roles/api.js')).startApi(config);
    case 'worker':
      return (await import('./roles/worker.js')).startWorker(config);
    case 'migrate':
      return (await import('./roles/migrate.js')).runMigrate(config);
  }
}

main().catch((e: unknown) => {
  // A bad config is one clear line per variable, not a stack trace.
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`fatal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
