import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookies.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { createRateLimiter } from './rate-limit.js';
import { createSecretToken, hashToken } from './secrets.js';

describe('passwords (scrypt)', () => {
  it('hash with a random salt and verify', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', null)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });

  it('refuses short passwords', async () => {
    await expect(hashPassword('short')).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/at least 10 characters/),
    });
  });
});

describe('tokens', () => {
  it('are random, prefixed, and stored as SHA-256', () => {
    const t = createSecretToken();
    expect(t).toMatch(/^enc_[\w-]{43}$/);
    expect(createSecretToken()).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
  });
});

describe('login rate limiter', () => {
  it('blocks a key after max failures until its window ends; reset forgets it', () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('a').allowed).toBe(true);
      limiter.fail('a');
    }
    expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.check('b').allowed).toBe(true);
    now = 30_000;
    expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now = 60_000;
    expect(limiter.check('a').allowed).toBe(true);
    limiter.fail('a');
    limiter.reset('a');
    expect(limiter.check('a').allowed).toBe(true);
  });
});

describe('cookies', () => {
  it('parse the first value of each name and skip malformed ones', () => {
    expect(parseCookies('a=1; b=x%20y; a=2; bad; c=%E0%A4%A')).toEqual(
      new Map([
        ['a', '1'],
        ['b', 'x y'],
      ]),
    );
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('serialize with Path, Max-Age, SameSite=Strict, and HttpOnly/Secure when asked', () => {
    expect(serializeCookie('s', 'v 1', { maxAgeSeconds: 60, httpOnly: true, secure: true })).toBe(
      's=v%201; Path=/; Max-Age=60; SameSite=Strict; HttpOnly; Secure',
    );
    expect(serializeCookie('s', '', { maxAgeSeconds: 0, httpOnly: false, secure: false })).toBe(
      's=; Path=/; Max-Age=0; SameSite=Strict',
    );
  });
});
