/**
 * What the client assumes about the backend, checked against its OpenAPI document
 * (`/api/docs-json`): every REST path with its method, and the task statuses the UI
 * knows. Used by `npm run check:api` and by the browser e2e run (so `make test` fails when
 * the two sides drift). Plain data only: Node imports it with type stripping.
 */
import { API_PATHS, API_PREFIX } from '../src/lib/api/paths.ts';
import { TASK_STATUSES } from '../src/lib/api/types.ts';

interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, { properties?: Record<string, { enum?: unknown[] }> }> };
}

// Parameter names may differ ({ws} vs {workspaceId}); compare shapes only.
const normalise = (p: string) =>
  p
    .replace(/\{[^}]+\}/g, '{}')
    .replace(/:[A-Za-z_]\w*/g, '{}')
    .replace(new RegExp(`^${API_PREFIX}`), '')
    .replace(/\/$/, '');

/** Every client path with its method: [label, problem or null]. */
export function pathChecks(doc: OpenApiDoc): [string, string | null][] {
  const available = new Map<string, Set<string>>();
  for (const [path, ops] of Object.entries(doc.paths ?? {}))
    available.set(normalise(path), new Set(Object.keys(ops).map((m) => m.toLowerCase())));
  return Object.entries(API_PATHS).map(([name, { method, path }]) => {
    const label = `${method.toUpperCase()} ${API_PREFIX}${path} (${name})`;
    return [label, available.get(normalise(path))?.has(method) ? null : 'missing from the backend'];
  });
}

/** The UI's task statuses against the TaskView schema's enum: a problem, or null. */
export function taskStatusProblem(doc: OpenApiDoc): string | null {
  const backend = doc.components?.schemas?.TaskView?.properties?.status?.enum;
  if (!Array.isArray(backend)) return 'TaskView.status has no enum in the OpenAPI document';
  const ui = [...TASK_STATUSES];
  const same = backend.length === ui.length && ui.every((s) => backend.includes(s));
  return same ? null : `the UI knows ${ui.join(', ')}; the backend has ${backend.join(', ')}`;
}
