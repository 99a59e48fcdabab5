import mongoose from 'mongoose';
import { notificationModel, type NotificationRecord } from '@notify/shared/ledger/inspect';

export interface DeliveryReport {
  notifications: number;
  sent: number;
  failed: number;
  /** Wall time from the first acceptance to the last terminal status. */
  drainSeconds: number;
  deliveredPerMinute: number;
  endToEndMs: { p50: number; p95: number; p99: number; max: number };
  attemptsPerNotification: { mean: number; max: number; histogram: Record<string, number> };
  provider: { requests: number; delivered: number; duplicates: number };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Waits until every notification of the campaign is sent or failed, then measures them. */
export async function deliveryReport(
  mongoUri: string,
  campaignId: string,
  mockApiUrl: string,
  timeoutMs: number,
): Promise<DeliveryReport> {
  const connection = await mongoose.createConnection(mongoUri).asPromise();
  try {
    const notifications = notificationModel(connection);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const open = await notifications.countDocuments({
        campaignId,
        status: { $in: ['queued', 'processing', 'retrying'] },
      });
      if (open === 0) break;
      if (Date.now() > deadline)
        throw new Error(`${open} notifications still unfinished after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 2000));
    }
    const docs = await notifications
      .find({ campaignId }, { status: 1, createdAt: 1, sentAt: 1, failedAt: 1, attemptCount: 1 })
      .lean<NotificationRecord[]>();
    const sent = docs.filter((d) => d.status === 'sent');
    const latencies = sent
      .map((d) => d.sentAt!.getTime() - d.createdAt.getTime())
      .sort((a, b) => a - b);
    const first = Math.min(...docs.map((d) => d.createdAt.getTime()));
    const last = Math.max(...docs.map((d) => (d.sentAt ?? d.failedAt ?? d.createdAt).getTime()));
    const attempts = docs.map((d) => d.attemptCount);
    const histogram: Record<string, number> = {};
    for (const n of attempts) histogram[n] = (histogram[n] ?? 0) + 1;
    const mock = (await (await fetch(`${mockApiUrl}/stats`)).json()) as DeliveryReport['provider'];
    const drainSeconds = (last - first) / 1000;
    return {
      notifications: docs.length,
      sent: sent.length,
      failed: docs.length - sent.length,
      drainSeconds: Math.round(drainSeconds),
      deliveredPerMinute: Math.round((sent.length / drainSeconds) * 60),
      endToEndMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? 0,
      },
      attemptsPerNotification: {
        mean:
          Math.round((attempts.reduce((a, b) => a + b, 0) / Math.max(docs.length, 1)) * 100) / 100,
        max: Math.max(0, ...attempts),
        histogram,
      },
      provider: { requests: mock.requests, delivered: mock.delivered, duplicates: mock.duplicates },
    };
  } finally {
    await connection.close();
  }
}
