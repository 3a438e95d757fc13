import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Makes sure the real test services run (idempotent: reuses ones already up). */
export default function setup(): void {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'test-services.sh');
  execFileSync('bash', [script, 'start'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
