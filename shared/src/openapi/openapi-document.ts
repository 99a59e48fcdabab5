import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z, type ZodType } from 'zod';
import { callerSchema } from '../auth/caller';
import { errorBodySchema } from '../http/error-body';
import { livenessSchema, readinessSchema } from '../http/health-body';
import {
  acceptedNotificationSchema,
  createNotificationSchema,
  idempotencyKeySchema,
  notificationIdParamsSchema,
} from '../notifications/create-notification';
import {
  bulkReplayResultSchema,
  bulkReplaySchema,
  listNotificationsQuerySchema,
  notificationPageSchema,
  notificationViewSchema,
  statsSchema,
} from '../notifications/notification-view';
import { overviewSchema } from '../realtime/overview';
import {
  providersHealthSchema,
  providersQuerySchema,
} from '../provider-health/provider-health-view';
import { registerCampaignPaths } from './campaign-paths';

/**
 * Named components: zod's `.meta({ id })` makes them `$ref`s in the document. Done once, at
 * module level, because zod's global registry refuses an id twice.
 */
const named = {
  createNotification: createNotificationSchema.meta({ id: 'NewNotification' }),
  accepted: acceptedNotificationSchema.meta({ id: 'AcceptedNotification' }),
  notification: notificationViewSchema.meta({ id: 'Notification' }),
  page: notificationPageSchema.meta({ id: 'NotificationPage' }),
  stats: statsSchema.meta({ id: 'Stats' }),
  overview: overviewSchema.meta({ id: 'Overview' }),
  providers: providersHealthSchema.meta({ id: 'ProvidersHealth' }),
  error: errorBodySchema.meta({ id: 'Error' }),
  caller: callerSchema.meta({ id: 'Caller' }),
};

const json = (schema: ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The answers every authenticated route can give besides its own. */
const commonErrors = {
  400: json(named.error, 'Invalid input; `fields` names every bad field'),
  401: json(named.error, 'No API key, or an unknown one'),
  403: json(named.error, 'The key lacks the scope this route needs'),
  429: json(
    named.error,
    'Rate limit reached: per key, or per client address without a valid key; see Retry-After',
  ),
  503: json(named.error, 'MongoDB or Redis unreachable or too busy; retry after Retry-After'),
};

/**
 * The api's OpenAPI 3 document, generated from the same zod schemas the routes parse with,
 * so the contract cannot drift from the code. Served at GET /api/v1/openapi.json.
 */
export function buildOpenApiDocument(version: string) {
  const registry = new OpenAPIRegistry();
  const security = [{ apiKey: [] }];
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`npm run api-key`); `X-API-Key: <key>` works too.',
  });
  const byId = { params: notificationIdParamsSchema };

  registry.registerPath({
    method: 'post',
    path: '/api/v1/notifications',
    summary: 'Accept a notification: stored, then queued for delivery',
    security,
    request: {
      headers: z.object({ 'idempotency-key': idempotencyKeySchema }),
      body: { content: { 'application/json': { schema: named.createNotification } } },
    },
    responses: {
      202: json(named.accepted, 'Stored and queued (or an idempotent replay)'),
      413: json(named.error, 'Body larger than the limit'),
      415: json(named.error, 'Not application/json'),
      422: json(named.error, 'Idempotency-Key already used for another body (within its TTL)'),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/notifications',
    summary: 'List notifications, newest first, with cursor pagination',
    security,
    request: { query: listNotificationsQuerySchema },
    responses: { 200: json(named.page, 'One page'), ...commonErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/notifications/{id}',
    summary: 'One notification with every attempt',
    security,
    request: byId,
    responses: {
      200: json(named.notification, 'The notification'),
      404: json(named.error, 'No such notification'),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/notifications/{id}/retry',
    summary: 'Replay a failed (dead-lettered) notification with a fresh retry budget',
    security,
    request: byId,
    responses: {
      202: json(named.accepted, 'Queued again'),
      404: json(named.error, 'No such notification'),
      409: json(
        named.error,
        'Not in the failed state (`not_failed`), or its campaign was aborted (`campaign_aborted`)',
      ),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/notifications/retry',
    summary: 'Replay every failed notification matching a filter',
    security,
    request: { body: { content: { 'application/json': { schema: bulkReplaySchema } } } },
    responses: {
      202: json(
        bulkReplayResultSchema,
        'How many were queued, and how many were skipped because their campaign was aborted',
      ),
      ...commonErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/stats',
    summary: 'Counts by status and by type',
    security,
    responses: { 200: json(named.stats, 'The counts'), ...commonErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/overview',
    summary: 'The dashboard header: counts, queue depth, breakers, throughput',
    security,
    responses: { 200: json(named.overview, 'The overview'), ...commonErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/providers',
    summary:
      'Per provider: calls, success rate and p95 latency over the last minutes, breaker ' +
      'verdicts, serving processors, rate limit',
    security,
    request: { query: providersQuerySchema },
    responses: { 200: json(named.providers, 'Every routed provider'), ...commonErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/me',
    summary: "The caller's key (its name) and its scopes; any valid key may ask",
    security,
    responses: { 200: json(named.caller, 'Who is calling, and what it may do'), ...commonErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/health',
    summary: 'Liveness: the process answers',
    responses: { 200: json(livenessSchema, 'Alive') },
  });
  registry.registerPath({
    method: 'get',
    path: '/ready',
    summary: 'Readiness: MongoDB and Redis reachable',
    responses: {
      200: json(readinessSchema, 'Ready'),
      503: json(readinessSchema, 'A dependency is down'),
    },
  });
  registerCampaignPaths(registry, {
    security,
    json,
    errors: commonErrors,
    errorSchema: named.error,
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Notify API',
      version,
      description: 'Accept e-mail and SMS notifications and follow each one to delivery.',
    },
  });
}
