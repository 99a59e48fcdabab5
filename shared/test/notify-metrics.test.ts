import { describe, expect, it } from 'vitest';
import type { NotificationSummary, StatusEvent } from '../src/index';
import { createMetrics, observeStatusEvents } from '../src/metrics/index';

const summary = (overrides: Partial<NotificationSummary>): NotificationSummary => ({
  id: '0190b6c2-0000-7000-8000-000000000000',
  type: 'sms',
  recipient: '+14155550123',
  campaign_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  status: 'sent',
  attempt_count: 1,
  last_error: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:03.000Z',
  ...overrides,
});
const statusEvent = (overrides: Partial<NotificationSummary>): StatusEvent => ({
  kind: 'notification.status',
  notification: summary(overrides),
});

describe('the metric registry', () => {
  it('gives each process its own registry with process metrics and every notify_ metric', async () => {
    const api = createMetrics();
    const processor = createMetrics();
    api.intake.inc({ route: 'notification', outcome: 'accepted' });
    const text = await api.registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain(
      'notify_intake_requests_total{route="notification",outcome="accepted"} 1',
    );
    expect(await processor.registry.metrics()).not.toContain('outcome="accepted"} 1');
    const names = (await api.registry.getMetricsAsJSON()).map((m) => m.name);
    for (const name of [
      'notify_provider_attempts_total',
      'notify_provider_attempt_duration_seconds',
      'notify_accept_to_terminal_seconds',
      'notify_breaker_state',
      'notify_rate_limit_waits_total',
      'notify_rate_limit_headroom',
      'notify_failovers_total',
    ]) {
      expect(names).toContain(name);
    }
  });
});

describe('observing status events', () => {
  it('passes every event through and times only sent and failed ones', async () => {
    const metrics = createMetrics();
    const published: StatusEvent[] = [];
    const publish = observeStatusEvents((event) => published.push(event), metrics);
    const events: StatusEvent[] = [
      statusEvent({ status: 'processing' }),
      statusEvent({ status: 'retrying' }),
      statusEvent({ status: 'sent' }),
      statusEvent({ type: 'email', status: 'failed', updated_at: '2026-01-01T00:10:00.000Z' }),
      { kind: 'breaker.state', provider: 'flaky', state: 'open', at: '2026-01-01T00:00:00.000Z' },
    ];
    events.forEach(publish);
    expect(published).toEqual(events);

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'notify_accept_to_terminal_seconds_count{channel="sms",status="sent"} 1',
    );
    expect(text).toContain('notify_accept_to_terminal_seconds_sum{channel="sms",status="sent"} 3');
    expect(text).toContain(
      'notify_accept_to_terminal_seconds_sum{channel="email",status="failed"} 600',
    );
    expect(text).not.toContain('status="retrying"');
    expect(text).not.toContain('status="processing"');
  });

  it('counts a terminal write stamped before its acceptance (clock skew) as zero seconds', async () => {
    const metrics = createMetrics();
    observeStatusEvents(
      () => undefined,
      metrics,
    )(statusEvent({ status: 'sent', updated_at: '2025-12-31T23:59:59.000Z' }));
    const text = await metrics.registry.metrics();
    expect(text).toContain('notify_accept_to_terminal_seconds_sum{channel="sms",status="sent"} 0');
    expect(text).toContain(
      'notify_accept_to_terminal_seconds_bucket{le="0.1",channel="sms",status="sent"} 1',
    );
  });
});
