import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeMetrics, type NotifyMetrics } from '@notify/shared/metrics';

/**
 * /health (the process is alive) and /ready (it can reach what it needs), for orchestrators,
 * and /metrics for Prometheus. The processor has no public port: this one is for the
 * platform's own network only (compose publishes none of it).
 */
export async function startHealthServer(
  host: string,
  port: number,
  ready: () => Promise<Record<string, boolean>>,
  metrics: NotifyMetrics['registry'],
): Promise<{ port: number; server: Server }> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.url === '/health') return reply(200, { status: 'ok' });
    if (req.url === '/ready') {
      void ready().then((checks) => {
        const up = Object.values(checks).every(Boolean);
        reply(up ? 200 : 503, { status: up ? 'ready' : 'unavailable', checks });
      });
      return;
    }
    if (req.url === '/metrics') return void writeMetrics(metrics, res);
    reply(404, { error: 'not_found', message: 'Try /health, /ready or /metrics' });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { port: (server.address() as AddressInfo).port, server };
}
