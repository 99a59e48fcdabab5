import type { NotificationProvider, OutboundMessage, ProviderReceipt } from '../provider';
import { httpFailure } from '../http-failure';
import { postJson } from '../post-json';
import { keptResponseBody } from '../response-body';

export interface FlakyProviderOptions {
  /** `flaky` unless another instance of the same protocol (flaky-b) needs its own name. */
  name?: string;
  baseUrl: string;
  /** Must exceed the provider's 5 s slow path, or slow successes are retried into duplicates. */
  timeoutMs: number;
}

/** The simulated provider (mock-api): POST /send {type, recipient, message}. */
export function flakyProvider(options: FlakyProviderOptions): NotificationProvider {
  const endpoint = new URL('/send', options.baseUrl);
  return {
    name: options.name ?? 'flaky',
    async send(outbound: OutboundMessage): Promise<ProviderReceipt> {
      const { response, body, text } = await postJson(
        endpoint,
        { type: outbound.type, recipient: outbound.recipient, message: outbound.message },
        options.timeoutMs,
      );
      if (response.ok) {
        return {
          httpStatus: response.status,
          providerMessageId: null,
          responseBody: keptResponseBody(text),
        };
      }
      throw httpFailure(response, body, '', text);
    },
  };
}
