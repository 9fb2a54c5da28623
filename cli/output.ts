import Table from 'cli-table3';
import cliProgress from 'cli-progress';

type Out = NodeJS.WritableStream & { isTTY?: boolean };

export function printJson(out: Out, value: unknown): void {
  out.write(JSON.stringify(value, null, 2) + '\n');
}

/** A human table; numbers right-aligned. */
export function printTable(out: Out, rows: Record<string, unknown>[], columns?: string[]): void {
  const head = columns ?? Object.keys(rows[0] ?? {});
  if (head.length === 0) {
    out.write('(no rows)\n');
    return;
  }
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) table.push(head.map((c) => formatCell(row[c])));
  out.write(table.toString() + '\n');
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/** A progress bar on a TTY; silent otherwise (pipes, CI, --json). */
export function startProgress(label: string, total: number, out: Out = process.stderr): Progress {
  if (!out.isTTY || process.env.CI) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total}`, stream: out as NodeJS.WriteStream },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

/** One record as a two-column key/value table. */
export function printRecord(out: Out, record: Record<string, unknown>): void {
  const table = new Table({ style: { head: [], border: [] } });
  for (const [key, value] of Object.entries(record)) table.push({ [key]: formatCell(value) });
  out.write(table.toString() + '\n');
}
