import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A value made once and kept in the data dir (git-ignored), so restarts see the same one. */
function kept(dataDir: string, name: string, make: () => string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, `${make()}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * `npm start`'s local credentials: a read+write API key (so dashboard links keep working),
 * the e-mail API's made-up login shared by mock-api and the processor, and the campaign
 * token secret (kept, so tokens stay derivable across restarts).
 */
export function localSecrets(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const apiKey = kept(
    dataDir,
    'api-key',
    () => `nk_local_${randomBytes(24).toString('base64url')}`,
  );
  const secret = () => randomBytes(32).toString('base64url');
  return {
    apiKey,
    apiKeys: `local:read+write:${createHash('sha256').update(apiKey).digest('hex')}`,
    emailApi: { username: 'local-mailer', password: kept(dataDir, 'email-api-password', secret) },
    tokenSecret: kept(dataDir, 'campaign-token-secret', secret),
  };
}
