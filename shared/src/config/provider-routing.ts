import { z } from 'zod';

/** `fallback`: always the first provider with room; `round-robin`: spread across the chain. */
export const ROUTING_STRATEGIES = ['fallback', 'round-robin'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export interface ProviderRoute {
  /** Ordered, never empty: the first is the primary, the rest are tried in turn. */
  chain: [string, ...string[]];
  strategy: RoutingStrategy;
}

/**
 * `EMAIL_PROVIDERS=email-api,smtp`: a comma-separated chain, without repeats. Empty (or unset)
 * means "not given", so the single-provider EMAIL_PROVIDER of earlier releases still decides.
 */
export const providerChainSchema = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  .refine((names) => new Set(names).size === names.length, {
    message: 'names a provider twice',
  });

export const routingStrategySchema = z.enum(ROUTING_STRATEGIES).default('fallback');

/** The chain an app runs: the explicit one, else a chain of one from the legacy variable. */
export const routeFrom = (
  chain: string[],
  legacyProvider: string,
  strategy: RoutingStrategy,
): ProviderRoute => ({
  chain: chain.length > 0 ? (chain as [string, ...string[]]) : [legacyProvider],
  strategy,
});
