import { useId, useState } from 'react';
import { currentApiKey, saveApiKey } from '../../lib/api-key';

/**
 * Shown when the api answers 401: the dashboard reads through the api with a key (read scope;
 * write too, to retry and upload). Says where one comes from, since a shared link without its
 * `#key=…` lands here.
 */
export function ApiKeyPrompt() {
  const [key, setKey] = useState('');
  const id = useId();
  const refused = currentApiKey() !== null;
  return (
    <section className="card api-key" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>An API key is needed</h2>
      <p role="alert">
        {refused
          ? 'The api refused the key this tab was using: it was mistyped, or it is no longer configured.'
          : 'This link came without a key. The dashboard reads through the api, which asks for one.'}
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!key.trim()) return;
          saveApiKey(key.trim());
          window.location.reload();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-key`}>API key</label>
          <input
            id={`${id}-key`}
            type="password"
            autoComplete="off"
            aria-describedby={`${id}-where`}
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </div>
        <button type="submit">Use key</button>
      </form>
      <div id={`${id}-where`}>
        <h3>Where a key comes from</h3>
        <ul>
          <li>
            Started with <code>npm start</code>? It printed a dashboard link that carries the key;
            the key itself is in <code>.local/api-key</code>.
          </li>
          <li>
            Make one with <code>npm run api-key -- &lt;name&gt; read</code> to watch, or{' '}
            <code>read+write</code> to retry and upload campaigns, then add the API_KEYS entry it
            prints to the api&apos;s configuration.
          </li>
          <li>Otherwise, ask the operator who runs this platform for a key or a link.</li>
        </ul>
      </div>
      <p className="hint">The key stays in this tab (session storage) and goes only to this api.</p>
    </section>
  );
}
