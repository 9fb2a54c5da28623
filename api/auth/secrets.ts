import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'enc';

/** A random bearer or session token: 256 bits, base64url, with a recognisable prefix. */
export function createSecretToken(prefix = TOKEN_PREFIX): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a token: its SHA-256 (tokens are random, so no salt or slow hash is needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
