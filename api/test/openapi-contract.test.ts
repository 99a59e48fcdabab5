import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedNotificationSchema } from '@notify/shared';
import { buildNotification } from '../../test/support/build-notification';
import { uploadCampaign } from '../../test/support/campaign-upload';
import { startInProcessApi, type InProcessApi } from '../../test/support/in-process-api';
import { isolatedEnv } from '../../test/support/test-env';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

describe('the published OpenAPI document', () => {
  let api: InProcessApi;
  let document: OpenApiDocument;
  // OpenAPI 3.1 schemas are JSON Schema 2020-12.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const conforms = (component: string, body: unknown) => {
    const validate = ajv.getSchema(`openapi#/components/schemas/${component}`);
    if (!validate) throw new Error(`no component ${component}`);
    return validate(body) ? [] : validate.errors;
  };

  beforeAll(async () => {
    api = await startInProcessApi(isolatedEnv('openapi'));
    const response = await api.get('/api/v1/openapi.json', {});
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
    ajv.addSchema(document, 'openapi');
  });
  afterAll(() => api.stop());

  it('is served without a key and describes every route of the api', () => {
    expect(document.openapi).toBe('3.1.0');
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /api/v1/campaigns',
        'GET /api/v1/campaigns/{id}',
        'GET /api/v1/campaigns/{id}/invalid',
        'GET /api/v1/me',
        'GET /api/v1/notifications',
        'GET /api/v1/notifications/{id}',
        'GET /api/v1/overview',
        'GET /api/v1/providers',
        'GET /api/v1/stats',
        'GET /health',
        'GET /ready',
        'POST /api/v1/campaigns',
        'POST /api/v1/campaigns/{id}/cancel',
        'POST /api/v1/campaigns/{id}/pause',
        'POST /api/v1/campaigns/{id}/resume',
        'POST /api/v1/notifications',
        'POST /api/v1/notifications/retry',
        'POST /api/v1/notifications/{id}/retry',
      ].sort(),
    );
  });

  it('serves a readable reference at /docs, assets included, without a CDN', async () => {
    const page = await api.get('/docs/', {});
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-init.js']) {
      expect(html).toContain(asset);
      expect((await api.get(`/docs/${asset}`, {})).status).toBe(200);
    }
    expect(await (await api.get('/docs/swagger-ui-init.js', {})).text()).toContain(
      '/api/v1/notifications',
    );
  });

  it('matches what the api really answers, success and error alike', async () => {
    const posted = await api.post(buildNotification());
    const accepted: unknown = await posted.json();
    expect(conforms('AcceptedNotification', accepted)).toEqual([]);
    const { id } = acceptedNotificationSchema.parse(accepted);

    const read = async (path: string) => (await api.get(path)).json();
    expect(conforms('Notification', await read(`/api/v1/notifications/${id}`))).toEqual([]);
    expect(conforms('NotificationPage', await read('/api/v1/notifications?limit=5'))).toEqual([]);
    expect(conforms('Stats', await read('/api/v1/stats'))).toEqual([]);
    expect(conforms('Overview', await read('/api/v1/overview'))).toEqual([]);
    expect(conforms('ProvidersHealth', await read('/api/v1/providers?minutes=10'))).toEqual([]);

    const upload = await uploadCampaign(api.url, 'email\nana@example.com\nnope\n');
    expect(upload.status).toBe(201);
    const campaign = (await upload.json()) as { id: string };
    expect(conforms('Campaign', campaign)).toEqual([]);
    expect(conforms('CampaignList', await read('/api/v1/campaigns'))).toEqual([]);
    const invalidRows = await read(`/api/v1/campaigns/${campaign.id}/invalid`);
    expect(conforms('InvalidRowPage', invalidRows)).toEqual([]);

    const invalid = await api.post({ ...buildNotification(), recipient: 'nope' });
    expect(invalid.status).toBe(400);
    expect(conforms('Error', await invalid.json())).toEqual([]);
  });

  it('rejects in its own terms what the api rejects', () => {
    expect(conforms('NewNotification', buildNotification())).toEqual([]);
    expect(conforms('NewNotification', { ...buildNotification(), extra: 1 })).not.toEqual([]);
    expect(conforms('NewNotification', { ...buildNotification(), type: 'fax' })).not.toEqual([]);
  });
});
