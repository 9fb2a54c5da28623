// Diagnostics for worker crashes (vitest "Worker exited unexpectedly"): with ENCOURS_TRACE_TESTS=<file>, every test
// file appends "<pid> start|end|exit <file>" lines, so a worker that died shows a start without its end.
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';

const traceFile = process.env.ENCOURS_TRACE_TESTS;
if (traceFile) {
  const write = (event: string, file = '') =>
    appendFileSync(traceFile, `${new Date().toISOString()} ${process.pid} ${event} ${file}\n`);
  let current = '';
  beforeAll(() => {
    current = expect.getState().testPath ?? '?';
    write('start', current);
  });
  afterAll(() => write('end', current));
  process.on('exit', (code) => write(`exit(${code})`, current));
}
