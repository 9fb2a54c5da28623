/** A fixed-window counter per key, in memory (one server process owns the warehouse, so one limiter is enough). */
export interface RateLimiter {
  /** Counts one attempt; `allowed` false once the key has used its attempts in the current window. */
  hit(key: string): { allowed: boolean; retryAfterSeconds: number };
  /** Forgets a key (after a successful login). */
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
  const prune = (t: number) => {
    if (windows.size < 10_000) return;
    for (const [key, w] of windows) if (t - w.start >= options.windowMs) windows.delete(key);
  };
  return {
    hit(key) {
      const t = now();
      prune(t);
      let w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      const retryAfterSeconds = Math.max(1, Math.ceil((w.start + options.windowMs - t) / 1000));
      return { allowed: w.count <= options.max, retryAfterSeconds };
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
