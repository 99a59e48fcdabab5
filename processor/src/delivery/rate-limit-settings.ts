import { z } from 'zod';
import type { RateLimit } from './provider-rate-limit';

const ENTRY = /^([\w-]+):(\d+)\/(\d+)$/;

/**
 * `PROVIDER_RATE_LIMITS=flaky:200/1000,flaky-b:200/1000`: name:max/windowMs per provider.
 * Unset (or empty), no provider but the e-mail API is limited: the simulated providers publish
 * no limit, and inventing one would only slow them down. The e-mail API's documented limit
 * keeps its own variables (EMAIL_API_RATE_MAX / _WINDOW_MS), so it is refused here.
 */
export const providerRateLimitsSchema = (knownProviders: readonly string[]) =>
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      const limits: Record<string, RateLimit> = {};
      for (const entry of value.split(',').map((part) => part.trim())) {
        if (!entry) continue;
        const [, name = '', max = '', windowMs = ''] = ENTRY.exec(entry) ?? [];
        const problem = !name
          ? `"${entry}" is not name:max/windowMs`
          : !knownProviders.includes(name)
            ? `unknown provider "${name}"; known: ${knownProviders.join(', ')}`
            : name === 'email-api'
              ? 'email-api is limited by EMAIL_API_RATE_MAX and EMAIL_API_RATE_WINDOW_MS'
              : Number(max) < 1 || Number(windowMs) < 1
                ? `"${entry}": max and windowMs must be at least 1`
                : name in limits
                  ? `"${name}" is listed twice`
                  : null;
        if (problem) {
          ctx.addIssue({ code: 'custom', message: problem });
          return z.NEVER;
        }
        limits[name] = { max: Number(max), windowMs: Number(windowMs) };
      }
      return limits;
    });

interface LimitConfig {
  PROVIDER_RATE_LIMITS: Record<string, RateLimit>;
  PROVIDER_RATE_LIMIT_MARGIN_MS: number;
  EMAIL_API_RATE_MAX: number;
  EMAIL_API_RATE_WINDOW_MS: number;
  EMAIL_API_RATE_MARGIN_MS: number;
}

/**
 * The limit each provider is held to, as the limiter enforces it: the published window plus a
 * margin. The limiter admits by Redis's clock, the provider counts by when requests land; the
 * margin absorbs how unevenly the event loop and the network carry two requests between the
 * two, so the provider never sees more than `max` in any window of its own length.
 */
export function enforcedRateLimits(config: LimitConfig): Map<string, RateLimit> {
  const limits = new Map<string, RateLimit>(
    Object.entries(config.PROVIDER_RATE_LIMITS).map(([name, limit]) => [
      name,
      { max: limit.max, windowMs: limit.windowMs + config.PROVIDER_RATE_LIMIT_MARGIN_MS },
    ]),
  );
  limits.set('email-api', {
    max: config.EMAIL_API_RATE_MAX,
    windowMs: config.EMAIL_API_RATE_WINDOW_MS + config.EMAIL_API_RATE_MARGIN_MS,
  });
  return limits;
}
