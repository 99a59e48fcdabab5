import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** Answers a scrape with the registry in Prometheus's text format. */
export async function writeMetrics(registry: Registry, res: ServerResponse): Promise<void> {
  try {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType }).end(body);
  } catch (error) {
    // A collector that throws is a bug; the scrape fails visibly (up == 0) instead of hanging.
    const message = error instanceof Error ? error.message : String(error);
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${message}\n`);
  }
}

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A listener that serves only GET /metrics, for a process whose main port is public (the
 * api): bound to its own host and port, it is reachable only where the operator puts it.
 */
export async function startMetricsServer(
  host: string,
  port: number,
  registry: Registry,
): Promise<MetricsServer> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
      void writeMetrics(registry, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Try GET /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
