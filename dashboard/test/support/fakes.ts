import { randomUUID } from 'node:crypto';
import { vi } from 'vitest';
import type {
  ApiScope,
  Caller,
  NotificationSummary,
  NotificationView,
  Overview,
  ProvidersHealth,
} from '@notify/shared';
import type { LiveSocket } from '../../src/features/live/live-socket';
import { campaignAnswer, json, type FakeCampaigns } from './campaign-fakes';
import { notificationAnswer } from './notification-fakes';

/** A socket the test drives: `push` delivers a server event, `drop`/`restore` the connection. */
export function fakeSocket() {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const socket = {
    connected: true,
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, (listeners.get(event) ?? new Set()).add(listener));
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(listener);
    },
    push(event: string, payload?: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    drop() {
      socket.connected = false;
      socket.push('disconnect');
    },
    restore() {
      socket.connected = true;
      socket.push('connect');
    },
  };
  return socket satisfies LiveSocket;
}

let clock = Date.parse('2026-11-22T10:00:00Z');
/** UUIDv7-like ids that sort by creation, as the api's do. */
const sortableId = () =>
  `${(clock++).toString(16).padStart(12, '0')}-7000-8000-${randomUUID().slice(-12)}`;

export const buildRow = (overrides: Partial<NotificationSummary> = {}): NotificationSummary => ({
  id: sortableId(),
  type: 'sms',
  recipient: '+14155550123',
  campaign_id: randomUUID(),
  status: 'queued',
  attempt_count: 0,
  last_error: null,
  created_at: new Date(clock).toISOString(),
  updated_at: new Date(clock).toISOString(),
  ...overrides,
});

export const emptyOverview = (): Overview => ({
  stats: {
    total: 0,
    by_status: { queued: 0, processing: 0, retrying: 0, sent: 0, failed: 0, cancelled: 0 },
    by_type: { email: 0, sms: 0 },
  },
  queues: [],
  breakers: [],
  throughput: [],
});

export interface FakeApiOptions extends FakeCampaigns {
  /** The key's scopes, as GET /me tells them; read+write unless said otherwise. */
  scopes?: ApiScope[];
  /** Every request answered 401, as for a missing or refused key. */
  unauthorized?: boolean;
  /** Notifications' details by id; a listed row without one answers with its summary. */
  details?: Map<string, NotificationView>;
  /** GET /providers' answer, read on every request; no provider unless given. */
  providers?: () => ProvidersHealth;
}

/**
 * Stubs fetch with the api's list, overview, caller and campaign endpoints; records every
 * URL asked for, and every call with its options (method, headers, body) and time.
 */
export function fakeApi(rows: NotificationSummary[], fake: FakeApiOptions = {}) {
  const requests: string[] = [];
  const calls: { path: string; init?: RequestInit; at: number }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://dashboard.test');
    requests.push(`${url.pathname}${url.search}`);
    calls.push({ path: `${url.pathname}${url.search}`, init, at: Date.now() });
    if (fake.unauthorized) {
      return json({ error: 'unauthorized', message: 'The API key is not valid' }, 401);
    }
    if (url.pathname === '/api/v1/overview') return json(emptyOverview());
    if (url.pathname === '/api/v1/providers') {
      return json(
        fake.providers?.() ?? { at: new Date().toISOString(), window_minutes: 5, providers: [] },
      );
    }
    if (url.pathname === '/api/v1/me') {
      return json({ name: 'tests', scopes: fake.scopes ?? ['read', 'write'] } satisfies Caller);
    }
    if (url.pathname.startsWith('/api/v1/notifications')) {
      return notificationAnswer(url, init, rows, fake.details);
    }
    if (url.pathname.startsWith('/api/v1/campaigns')) return campaignAnswer(url, init, fake);
    return json({ error: 'not_found', message: 'no' }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    requests,
    calls,
    listRequests: () => requests.filter((r) => r.startsWith('/api/v1/notifications')),
  };
}
