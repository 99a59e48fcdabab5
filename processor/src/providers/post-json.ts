import { TransientProviderError, UncertainDeliveryError } from './provider-errors';

/**
 * One JSON POST with a deadline. Network failures and timeouts become transient provider
 * errors here; HTTP answers, whatever their status, are returned for the caller to classify.
 */
export async function postJson(
  url: URL,
  payload: unknown,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<{ response: Response; body: unknown; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    // The request was sent and may have been acted on: uncertain, not merely transient.
    if (err.name === 'TimeoutError') {
      throw new UncertainDeliveryError(`no answer within ${timeoutMs} ms`, null);
    }
    throw new TransientProviderError(`connection failed: ${err.cause?.code ?? err.message}`, null);
  }
  const text = await response.text().catch(() => '');
  try {
    return { response, body: text ? (JSON.parse(text) as unknown) : null, text };
  } catch {
    return { response, body: null, text };
  }
}
