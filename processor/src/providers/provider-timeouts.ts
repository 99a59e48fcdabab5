import { z } from 'zod';

const ENTRY = /^([\w-]+):(\d+)$/;

/**
 * `PROVIDER_TIMEOUTS=smtp:30000,email-api:15000`: name:ms for providers whose answers take
 * longer (or shorter) than PROVIDER_TIMEOUT_MS, the default for every other one. An SMTP relay
 * may take tens of seconds to accept DATA; cutting it short would only turn a delivery into
 * an "uncertain" answer that is never failed over.
 */
export const providerTimeoutsSchema = (knownProviders: readonly string[]) =>
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      const timeouts: Record<string, number> = {};
      for (const entry of value.split(',').map((part) => part.trim())) {
        if (!entry) continue;
        const [, name = '', ms = ''] = ENTRY.exec(entry) ?? [];
        const problem = !name
          ? `"${entry}" is not name:ms`
          : !knownProviders.includes(name)
            ? `unknown provider "${name}"; known: ${knownProviders.join(', ')}`
            : Number(ms) < 100
              ? `"${entry}": at least 100 ms, as PROVIDER_TIMEOUT_MS`
              : name in timeouts
                ? `"${name}" is listed twice`
                : null;
        if (problem) {
          ctx.addIssue({ code: 'custom', message: problem });
          return z.NEVER;
        }
        timeouts[name] = Number(ms);
      }
      return timeouts;
    });

/** How long a call to `provider` may take before it counts as a timeout. */
export const timeoutFor = (
  config: { PROVIDER_TIMEOUT_MS: number; PROVIDER_TIMEOUTS: Record<string, number> },
  provider: string,
): number => config.PROVIDER_TIMEOUTS[provider] ?? config.PROVIDER_TIMEOUT_MS;
