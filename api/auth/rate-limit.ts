/**
 * Failed attempts counted per key in a fixed window, in memory (one server process owns the warehouse, so one
 * limiter is enough). A key is blocked once it has `max` failures in its current window.
 */
export interface RateLimiter {
  /** Whether the key is blocked now, and for how long. */
  check(key: string): { allowed: boolean; retryAfterSeconds: number };
  /** Counts one failure. */
  fail(key: string): void;
  /** Forgets a key (after a successful sign-in). */
  reset(key: string): void;
}

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  now?: () => number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string, t: number) => {
    const w = windows.get(key);
    if (!w || t - w.start >= options.windowMs) return undefined;
    return w;
  };
  return {
    check(key) {
      const t = now();
      const w = current(key, t);
      const retryAfterSeconds = w ? Math.max(1, Math.ceil((w.start + options.windowMs - t) / 1000)) : 0;
      return { allowed: !w || w.count < options.max, retryAfterSeconds };
    },
    fail(key) {
      const t = now();
      if (windows.size >= 10_000)
        for (const [k, w] of windows) if (t - w.start >= options.windowMs) windows.delete(k);
      const w = current(key, t) ?? { start: t, count: 0 };
      w.count++;
      windows.set(key, w);
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
