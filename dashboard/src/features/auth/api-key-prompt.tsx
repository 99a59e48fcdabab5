import { useState } from 'react';
import { saveApiKey } from '../../lib/api-key';

/** Shown when the api answers 401: the dashboard needs a key with read (and write) scope. */
export function ApiKeyPrompt() {
  const [key, setKey] = useState('');
  return (
    <form
      className="api-key"
      onSubmit={(event) => {
        event.preventDefault();
        if (!key.trim()) return;
        saveApiKey(key.trim());
        window.location.reload();
      }}
    >
      <p role="alert">This dashboard needs an API key with read access (and write, to retry).</p>
      <label>
        API key
        <input
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
      </label>
      <button type="submit">Use key</button>
    </form>
  );
}
