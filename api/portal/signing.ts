import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { dirname } from 'node:path';

/**
 * Portal links: `<payload>.<signature>`, both base64url; the payload is {"c": customer id, "e": expiry in epoch
 * seconds}; the signature is HMAC-SHA256 over "encours-portal-v1." + payload with the server secret. Nothing is
 * stored: a link is valid while its signature matches and it has not expired.
 */
const DOMAIN = 'encours-portal-v1.';

export function signPortalToken(secret: Buffer, customerId: string, expiresAt: Date): string {
  const payload = Buffer.from(
    JSON.stringify({ c: customerId, e: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export type PortalCheck =
  { ok: true; customerId: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyPortalToken(secret: Buffer, token: string, now: Date): PortalCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid' };
  let claims: { c?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; e?: unknown };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claims.c !== 'string' || typeof claims.e !== 'number') return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(claims.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, customerId: claims.c, expiresAt };
}

function mac(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret)
    .update(DOMAIN + payload)
    .digest('base64url');
}

/**
 * The server secret ($ENCOURS_HOME/secret): 32 random bytes, hex, created on first use with mode 600 (never
 * overwritten; a file others can read is tightened back to 600).
 */
export function readOrCreateSecret(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text))
    throw new Error(
      `${file} is not an encours secret (64 hex digits); remove it to create a new one (every portal link then stops working)`,
    );
  return Buffer.from(text, 'hex');
}
