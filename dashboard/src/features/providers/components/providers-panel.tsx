import type { ProviderHealth } from '@notify/shared';
import { useProviders } from '../api/get-providers';

const BREAKER_LABEL = { closed: 'closed', open: 'open', half_open: 'half-open' } as const;

const breakerText = ({ state, open, half_open, replicas }: ProviderHealth['breaker']) => {
  const tripped = state === 'open' ? open : state === 'half_open' ? half_open : 0;
  return tripped > 0 ? `${BREAKER_LABEL[state]} (${tripped} of ${replicas})` : BREAKER_LABEL[state];
};

const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`);
const ms = (value: number | null) => (value === null ? '–' : `${value} ms`);

const rateLimitText = ({ rate_limit, headroom }: ProviderHealth) => {
  if (!rate_limit) return 'none';
  const seconds = rate_limit.per_ms / 1000;
  const limit = `${rate_limit.max} / ${seconds} s`;
  return headroom === null ? limit : `${limit} · ${headroom} left`;
};

function ProviderRow({ provider }: { provider: ProviderHealth }) {
  const name = provider.provider;
  return (
    <tr data-testid={`provider-${name}`}>
      <th scope="row" className="cell-provider">
        {name}
      </th>
      <td data-label="breaker" className={`cell-breaker breaker-${provider.breaker.state}`}>
        {breakerText(provider.breaker)}
      </td>
      <td data-label="requests">{provider.requests}</td>
      <td data-label="success">{percent(provider.success_rate)}</td>
      <td data-label="p95">{ms(provider.p95_latency_ms)}</td>
      <td data-label="rate limit">{rateLimitText(provider)}</td>
      <td data-label="processors">
        {provider.served ? (
          provider.workers
        ) : (
          <span className="no-worker" aria-label={`Not served: no processor serves ${name}`}>
            not served
          </span>
        )}
      </td>
    </tr>
  );
}

/** Each routed provider's health over the last minutes, as GET /api/v1/providers sums it. */
export function ProvidersPanel() {
  const providers = useProviders();
  const data = providers.data;
  return (
    <section className="providers" aria-labelledby="providers-title">
      <h2 id="providers-title">Providers</h2>
      {providers.isError && !data && <p role="alert">Provider figures are unavailable.</p>}
      {data && (
        <table className="providers-table">
          <caption>
            Calls over the last {data.window_minutes} minutes, summed over processors
          </caption>
          <thead>
            <tr>
              <th scope="col">provider</th>
              <th scope="col">breaker</th>
              <th scope="col">requests</th>
              <th scope="col">success</th>
              <th scope="col">p95</th>
              <th scope="col">rate limit</th>
              <th scope="col">processors</th>
            </tr>
          </thead>
          <tbody>
            {data.providers.map((provider) => (
              <ProviderRow key={provider.provider} provider={provider} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
