import { createServer, type Server } from 'node:http';
import type { MetricsService } from './metrics.service.js';

export type ReadinessProbe = () => Promise<{ ok: boolean; details: Record<string, unknown> }>;

/**
 * The metrics port (not routed by nginx): `/metrics` for Prometheus, and `/health/live`
 * plus `/health/ready` for roles that serve no other HTTP (the worker).
 */
export function startMetricsServer(
  metrics: MetricsService,
  host: string,
  port: number,
  ready?: ReadinessProbe,
): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((text) => send(200, metrics.registry.contentType, text))
        .catch(() => send(500, 'text/plain', 'metrics unavailable\n'));
    } else if (path === '/health/live') {
      send(200, 'application/json', JSON.stringify({ status: 'ok' }));
    } else if (path === '/health/ready' && ready) {
      ready()
        .then((r) =>
          send(
            r.ok ? 200 : 503,
            'application/json',
            JSON.stringify({ status: r.ok ? 'ok' : 'error', ...r.details }),
          ),
        )
        .catch((e: Error) =>
          send(503, 'application/json', JSON.stringify({ status: 'error', error: e.message })),
        );
    } else {
      send(404, 'text/plain', 'not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
