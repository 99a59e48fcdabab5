import type { NotificationProvider } from './provider';
import { flakyProvider } from './flaky/flaky-provider';

export interface ProviderSettings {
  mockApiUrl: string;
  providerTimeoutMs: number;
}

/** Adding a provider: a folder under providers/ and one entry here. */
const FACTORIES: Record<string, (settings: ProviderSettings) => NotificationProvider> = {
  flaky: (settings) =>
    flakyProvider({ baseUrl: settings.mockApiUrl, timeoutMs: settings.providerTimeoutMs }),
};

export const KNOWN_PROVIDERS = Object.keys(FACTORIES);

export function createProvider(name: string, settings: ProviderSettings): NotificationProvider {
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`unknown provider "${name}"; known: ${KNOWN_PROVIDERS.join(', ')}`);
  return factory(settings);
}
