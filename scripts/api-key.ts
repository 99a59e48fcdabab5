/**
 * `npm run api-key -- <name> <read|write|read+write>`: makes a new random API key and prints
 * it once, with the API_KEYS entry (its SHA-256 hash) to configure. Only the hash is ever
 * stored; a lost key is replaced, not recovered.
 */
import { createHash, randomBytes } from 'node:crypto';

const [name, scopes = 'read+write'] = process.argv.slice(2);
if (!name || !/^[\w.-]{1,64}$/.test(name) || !/^(read|write|read\+write)$/.test(scopes)) {
  console.error('usage: npm run api-key -- <name> <read|write|read+write>');
  process.exit(2);
}
// 32 random bytes: 256 bits, far past guessing; base64url so it survives headers and URLs.
const key = `nk_${randomBytes(32).toString('base64url')}`;
const hash = createHash('sha256').update(key).digest('hex');
console.log(`key (give to the client, shown once): ${key}`);
console.log(`API_KEYS entry (configure on the api): ${name}:${scopes}:${hash}`);
