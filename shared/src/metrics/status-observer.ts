import { isTerminal } from '../notifications/notification-status';
import type { PublishStatus } from '../store/status-publisher';
import type { NotifyMetrics } from './notify-metrics';

/**
 * Wraps the processor's status publisher: every event passes through unchanged, and each
 * terminal one (sent, failed) is observed as accept→terminal latency. The summary carries
 * created_at (stamped by the api at intake) and updated_at (the processor's clock at the
 * terminal write); a skew between the two hosts can make it negative, which counts as 0.
 */
export function observeStatusEvents(
  publish: PublishStatus,
  metrics: Pick<NotifyMetrics, 'acceptToTerminalSeconds'>,
): PublishStatus {
  return (event) => {
    if (event.kind === 'notification.status' && isTerminal(event.notification.status)) {
      const { type, status, created_at, updated_at } = event.notification;
      const seconds = (Date.parse(updated_at) - Date.parse(created_at)) / 1000;
      metrics.acceptToTerminalSeconds.observe({ channel: type, status }, Math.max(0, seconds));
    }
    publish(event);
  };
}
