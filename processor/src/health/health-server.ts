import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** /health (the process is alive) and /ready (it can reach what it needs), for orchestrators. */
export async function startHealthServer(
  host: string,
  port: number,
  ready: () => Promise<Record<string, boolean>>,
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
    reply(404, { error: 'not_found', message: 'Try /health or /ready' });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { port: (server.address() as AddressInfo).port, server };
}
