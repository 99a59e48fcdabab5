import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Channel } from '@notify/shared';
import type { IdempotencyStore, Ledger } from '@notify/shared/ledger';
import type { CampaignModel } from '@notify/shared/store';
import type { ApiConfig } from '../config';
import { callerRoutes } from '../auth/caller-routes';
import { requireScope } from '../auth/require-scope';
import type { InvalidRowModel } from '../campaigns/invalid-row-model';
import { campaignRoutes } from '../campaigns/campaign-routes';
import { notificationRoutes } from '../notifications/notification-routes';
import { providerHealthService } from '../providers/provider-health-service';
import { providerRoutes } from '../providers/provider-routes';
import type { OverviewService } from '../realtime/overview-service';
import { realtimeRoutes } from '../realtime/realtime-routes';
import { rateLimit } from './rate-limit';

export interface ApiRouterDeps {
  config: ApiConfig;
  redis: Redis;
  ledger: Ledger;
  idempotency: IdempotencyStore;
  campaigns: CampaignModel;
  invalidRows: InvalidRowModel;
  overview: OverviewService;
  providers: Record<Channel, string>;
  providerFor: (channel: Channel) => string;
  providerNames: string[];
}

/**
 * The routes createApp mounts at /api/v1. Each module is handed the guards rather than having
 * them applied here, because the scope a route needs differs (read, write, or any valid key).
 */
export function apiRouter(deps: ApiRouterDeps): Router {
  const { config, redis, providers } = deps;
  const guards = {
    require: requireScope(config.API_KEYS, config.AUTH_DISABLED),
    limit: rateLimit(redis, config.QUEUE_PREFIX, config.RATE_LIMIT_PER_SECOND),
  };
  const api = Router();
  api.use(
    // The router's deps carry what accepting needs (ledger, idempotency, providerFor).
    notificationRoutes(deps, guards),
    campaignRoutes(
      {
        campaigns: deps.campaigns,
        invalidRows: deps.invalidRows,
        ledger: deps.ledger,
        idempotency: deps.idempotency,
        redis,
        queuePrefix: config.QUEUE_PREFIX,
        providerFor: (channel) => providers[channel],
        maxFileBytes: config.CAMPAIGN_MAX_BYTES,
        csv: {
          maxRecordBytes: config.CAMPAIGN_MAX_RECORD_BYTES,
          maxFields: config.CAMPAIGN_MAX_FIELDS,
        },
        heartbeatMs: config.CAMPAIGN_HEARTBEAT_MS,
        retryAfterSeconds: config.UNAVAILABLE_RETRY_AFTER_S,
      },
      guards,
    ),
    realtimeRoutes(deps.overview, [guards.require('read'), guards.limit]),
    providerRoutes(providerHealthService(deps.providerNames, redis, config.QUEUE_PREFIX), [
      guards.require('read'),
      guards.limit,
    ]),
    callerRoutes(config.API_KEYS, config.AUTH_DISABLED, guards.limit),
  );
  return api;
}
