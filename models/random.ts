/** Seeded pseudo-random numbers (mulberry32): every shuffle, sample and initial weight of the models comes from here. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  uniform(min: number, max: number): number;
  chance(p: number): boolean;
  normal(): number;
  exponential(mean: number): number;
  pickWeighted(weights: readonly number[]): number;
  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Uint32Array;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    let t = (state = (state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    uniform: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    exponential: (mean) => -mean * Math.log(1 - next()),
    pickWeighted(weights) {
      let r = next() * weights.reduce((a, b) => a + b, 0);
      for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
      return weights.length - 1;
    },
    permutation(n) {
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = order[i]!;
        order[i] = order[j]!;
        order[j] = tmp;
      }
      return order;
    },
  };
  return rng;
}
