import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The sink's login check, or null when it has no credentials (then it takes mail from
 * anyone). Compared as digests: equal lengths, so timingSafeEqual never throws or leaks one.
 */
export function credentialCheck(username: string | undefined, password: string | undefined) {
  if (!username || !password) return null;
  const expected = digest(password);
  return (given: { username?: string | undefined; password?: string | null | undefined }) =>
    given.username === username &&
    typeof given.password === 'string' &&
    timingSafeEqual(digest(given.password), expected);
}
