import type { Logger } from 'pino';
import { startMetricsServer, type MetricsServer, type NotifyMetrics } from '@notify/shared/metrics';
import type { ApiConfig } from '../config';

/**
 * The api's /metrics, on METRICS_HOST:METRICS_PORT and never on the public port: the figures
 * (providers, queue depth, error rates) are for operators, and a scraper needs no API key.
 * None when METRICS_PORT is unset.
 */
export async function listenForMetrics(
  config: Pick<ApiConfig, 'METRICS_HOST' | 'METRICS_PORT'>,
  metrics: Pick<NotifyMetrics, 'registry'>,
  logger: Logger,
): Promise<MetricsServer | null> {
  if (config.METRICS_PORT === undefined) return null;
  const server = await startMetricsServer(
    config.METRICS_HOST,
    config.METRICS_PORT,
    metrics.registry,
  );
  logger.info({ url: `${server.url}/metrics` }, 'metrics listening');
  return server;
}
