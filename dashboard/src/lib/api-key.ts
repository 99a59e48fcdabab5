const STORAGE_KEY = 'notify.apiKey';

/**
 * The dashboard authenticates with an API key (read, plus write for replays). It arrives
 * once in the URL fragment (`#key=…`, which browsers never send to a server, so it stays out
 * of access logs), is kept for the tab's session only, and the fragment is removed at once.
 */
export function takeApiKey(): string | null {
  const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('key');
  if (fromFragment) {
    sessionStorage.setItem(STORAGE_KEY, fromFragment);
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

export const currentApiKey = (): string | null => sessionStorage.getItem(STORAGE_KEY);

export function saveApiKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}
