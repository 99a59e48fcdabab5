import type { AttemptView } from '@notify/shared';

/**
 * Every delivery attempt, one per item: its figures on one line and the provider's error in
 * full below them, wrapped to the panel's width (a sixth table column did not fit a 512 px
 * panel, let alone a phone, and cut the error off); then what the provider answered, folded
 * (it can be 2 KB), wrapped the same way. A 429 is a wait, not a failure: not red.
 */
export function AttemptList({ attempts }: { attempts: AttemptView[] }) {
  if (attempts.length === 0) return <p className="hint">No attempt yet.</p>;
  return (
    <ol className="attempts" aria-label="Attempts">
      {attempts.map((attempt) => (
        <li key={attempt.number} data-outcome={attempt.outcome}>
          <p className="attempt-line">
            <strong>#{attempt.number}</strong>
            <time dateTime={attempt.at}>{new Date(attempt.at).toLocaleTimeString()}</time>
            <span className={`outcome outcome-${attempt.outcome}`}>{attempt.outcome}</span>
            <span>HTTP {attempt.http_status ?? '—'}</span>
            <span>{attempt.latency_ms} ms</span>
          </p>
          {attempt.error && (
            <p className={attempt.outcome === 'rate_limited' ? 'wrap-text' : 'wrap-error'}>
              {attempt.error}
            </p>
          )}
          {attempt.response_body && (
            <details className="response-body">
              <summary>Response body</summary>
              <pre>{attempt.response_body}</pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
