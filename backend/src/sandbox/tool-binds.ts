import { dirname } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import type { ToolBind } from './bwrap-driver.js';

/** The tool folders bound into the sandbox: SANDBOX_TOOLS, or the worker's own Node as `node`. */
export function toolBinds(c: AppConfig): ToolBind[] {
  if (c.SANDBOX_TOOLS.length)
    return c.SANDBOX_TOOLS.map((t) => {
      const i = t.indexOf('=');
      return { name: t.slice(0, i), hostDir: t.slice(i + 1) };
    }).filter((t) => /^[a-z0-9._-]+$/i.test(t.name) && t.hostDir.startsWith('/'));
  const home = dirname(dirname(process.execPath));
  return home === '/usr' ? [] : [{ name: 'node', hostDir: home }];
}
