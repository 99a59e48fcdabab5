import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  CAMPAIGN_ACTIONS,
  campaignIdParamsSchema,
  campaignListSchema,
  campaignTemplateSchema,
  campaignViewSchema,
  invalidRowPageSchema,
  invalidRowsQuerySchema,
} from '../campaigns/campaign-schemas';
import { idempotencyKeySchema } from '../notifications/create-notification';

interface Shared {
  security: { apiKey: never[] }[];
  json: (schema: z.ZodType, description: string) => ResponseConfig;
  errors: Record<number, ResponseConfig>;
  errorSchema: z.ZodType;
}

/** The upload as a form: the template's text fields, which must come before the file. */
const uploadForm = campaignTemplateSchema
  .extend({
    file: z.string().meta({
      format: 'binary',
      description: 'The CSV: UTF-8 (BOM optional), `,` or `;`, a header row optional',
    }),
  })
  .meta({
    id: 'CampaignUpload',
    description:
      'Text fields first, then `file`: the api streams the file and reads the template before it.',
  });

/** The campaign routes: a CSV mailing list in, one ordinary notification per valid address. */
export function registerCampaignPaths(registry: OpenAPIRegistry, shared: Shared) {
  const { security, json, errors, errorSchema } = shared;
  const byId = { params: campaignIdParamsSchema };
  const notFound = json(errorSchema, 'No such campaign');

  registry.registerPath({
    method: 'post',
    path: '/api/v1/campaigns',
    summary: 'Upload a CSV mailing list; every valid, new address gets a registration e-mail',
    security,
    request: {
      headers: z.object({ 'idempotency-key': idempotencyKeySchema }),
      body: { content: { 'multipart/form-data': { schema: uploadForm } } },
    },
    responses: {
      201: json(
        campaignViewSchema,
        'Imported (sending has begun); counts as of the last row. An upload that does not complete (400, 413, a dropped connection) leaves the campaign aborted, and nothing of it is sent',
      ),
      200: json(campaignViewSchema, 'The campaign an earlier upload with this key created'),
      409: json(
        errorSchema,
        'An upload with this Idempotency-Key is still running; see Retry-After',
      ),
      413: json(errorSchema, 'The file is larger than the limit; nothing of it is sent'),
      415: json(errorSchema, 'Not multipart/form-data, or sent with a Content-Encoding'),
      ...errors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/campaigns',
    summary: 'The 50 newest campaigns with their progress',
    security,
    responses: { 200: json(campaignListSchema, 'Newest first'), ...errors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/campaigns/{id}',
    summary: 'Progress: rows read, valid, invalid, duplicates, queued, sent, failed, ETA',
    security,
    request: byId,
    responses: { 200: json(campaignViewSchema, 'The campaign'), 404: notFound, ...errors },
  });
  const actions = {
    pause: 'Pause sending: its jobs are handed back unsent (no attempt counted) until resumed',
    resume: 'Resume a paused campaign: its jobs go out again at the provider pace',
    cancel:
      'Cancel: every unsent notification ends `cancelled` (never sent, not failed, never replayed); a send in flight completes',
  } satisfies Record<(typeof CAMPAIGN_ACTIONS)[number], string>;
  for (const action of CAMPAIGN_ACTIONS) {
    registry.registerPath({
      method: 'post',
      path: `/api/v1/campaigns/{id}/${action}`,
      summary: actions[action],
      description:
        'Needs the write scope. Asking for the state the campaign is in changes nothing.',
      security,
      request: byId,
      responses: {
        200: json(campaignViewSchema, 'The campaign afterwards'),
        404: notFound,
        409: json(
          errorSchema,
          'Not allowed in its state (`campaign_state`): importing, aborted, or cancelled (a cancelled campaign cannot be paused or resumed)',
        ),
        ...errors,
      },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/api/v1/campaigns/{id}/invalid',
    summary: 'The rejected rows with line number and reason, as JSON pages or one CSV',
    security,
    request: { ...byId, query: invalidRowsQuerySchema },
    responses: {
      200: {
        description: 'A page (format=json) or every row from after_line on (format=csv)',
        content: {
          'application/json': { schema: invalidRowPageSchema },
          'text/csv': { schema: z.string() },
        },
      },
      404: notFound,
      ...errors,
    },
  });
}
