import type { NotificationProvider, OutboundMessage, ProviderReceipt } from '../provider';
import { TransientProviderError } from '../provider-errors';
import { classifyHttpFailure, reasonFrom } from '../http-failure';

export interface FlakyProviderOptions {
  baseUrl: string;
  /** Must exceed the provider's 5 s slow path, or slow successes are retried into duplicates. */
  timeoutMs: number;
}

/** The simulated provider (mock-api): POST /send {type, recipient, message}. */
export function flakyProvider(options: FlakyProviderOptions): NotificationProvider {
  const endpoint = new URL('/send', options.baseUrl).toString();
  return {
    name: 'flaky',
    async send(outbound: OutboundMessage): Promise<ProviderReceipt> {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: outbound.type,
            recipient: outbound.recipient,
            message: outbound.message,
          }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const err = error as Error & { cause?: { code?: string } };
        const reason =
          err.name === 'TimeoutError'
            ? `no answer within ${options.timeoutMs} ms`
            : `connection failed: ${err.cause?.code ?? err.message}`;
        throw new TransientProviderError(reason, null);
      }
      const text = await response.text().catch(() => '');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      if (response.ok) return { httpStatus: response.status, providerMessageId: null };
      throw classifyHttpFailure(
        response.status,
        response.headers.get('retry-after'),
        body,
        reasonFrom(body, response.statusText || 'no reason given'),
      );
    },
  };
}
