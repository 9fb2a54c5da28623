import type { Column } from '../warehouse/features/session.js';

/** How raw feature columns become the model's input vector: standardised numbers, then one-hot categories. */
export interface EncoderSpec {
  numeric: { name: string; mean: number; std: number }[];
  categorical: { name: string; values: string[] }[];
  size: number;
}

const CLIP = 6;

/**
 * Learns the encoding from training columns: mean and std of each numeric feature; for each categorical feature the
 * levels seen at least `minCount` times (at most `maxLevels`, most frequent first). Unseen levels encode as all zeros.
 */
export function fitEncoder(
  columns: Record<string, Column>,
  numeric: readonly string[],
  categorical: readonly string[],
  rows: ArrayLike<number>,
  options: { maxLevels?: number; minCount?: number } = {},
): EncoderSpec {
  const maxLevels = options.maxLevels ?? 24;
  const minCount = options.minCount ?? Math.max(5, Math.floor(rows.length * 0.002));
  const numericSpec = numeric.map((name) => {
    const values = Array.from(rows, (i) => toNumber(columns[name]![i]));
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(values.length, 1);
    return { name, mean, std: Math.sqrt(variance) || 1 };
  });
  const categoricalSpec = categorical.map((name) => {
    const counts = new Map<string, number>();
    for (const i of Array.from(rows)) {
      const v = String(columns[name]![i] ?? 'unknown');
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const values = [...counts.entries()]
      .filter(([, n]) => n >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxLevels)
      .map(([v]) => v);
    return { name, values };
  });
  const size = numericSpec.length + categoricalSpec.reduce((a, c) => a + c.values.length, 0);
  return { numeric: numericSpec, categorical: categoricalSpec, size };
}

/** The input matrix (row-major, rows × spec.size) for the given row indexes of the columns. */
export function encodeRows(
  spec: EncoderSpec,
  columns: Record<string, Column>,
  rows: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(rows.length * spec.size);
  const numericColumns = spec.numeric.map((f) => requireColumn(columns, f.name));
  const lookups = spec.categorical.map((f) => new Map(f.values.map((v, i) => [v, i])));
  const categoricalColumns = spec.categorical.map((f) => requireColumn(columns, f.name));
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const base = r * spec.size;
    spec.numeric.forEach((f, j) => {
      const z = (toNumber(numericColumns[j]![i]) - f.mean) / f.std;
      out[base + j] = Math.max(-CLIP, Math.min(CLIP, z));
    });
    let offset = spec.numeric.length;
    spec.categorical.forEach((f, j) => {
      const level = lookups[j]!.get(String(categoricalColumns[j]![i] ?? 'unknown'));
      if (level !== undefined) out[base + offset + level] = 1;
      offset += f.values.length;
    });
  }
  return out;
}

export function range(n: number, from = 0): Uint32Array {
  const out = new Uint32Array(Math.max(0, n - from));
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}

function requireColumn(columns: Record<string, Column>, name: string): Column {
  const column = columns[name];
  if (!column)
    throw new Error(
      `feature column "${name}" is missing: the model expects features this warehouse does not compute; retrain it with \`encours model train\``,
    );
  return column;
}

function toNumber(value: number | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}
