// Test helper: runs `encours <args>` in-process against a config's home and returns what the command printed.
import { Writable } from 'node:stream';
import type { Config } from '../lib/config.js';
import { createSilentLog } from '../lib/log.js';
import { openWarehouse } from '../warehouse/warehouse.js';
import type { CliContext } from './context.js';
import { buildProgram } from './main.js';

export async function runCliInProcess(config: Config, ...args: string[]): Promise<string> {
  const parts: Buffer[] = [];
  const stdout = new Writable({
    write: (chunk: Buffer, _e, done) => void (parts.push(Buffer.from(chunk)), done()),
  });
  const context: CliContext = {
    config,
    log: createSilentLog(),
    stdout,
    async withWarehouse(work, options = {}) {
      const db = await openWarehouse(config, options);
      try {
        return await work(db);
      } finally {
        db.close();
      }
    },
  };
  await buildProgram(() => context).parseAsync(['node', 'encours', ...args]);
  return Buffer.concat(parts).toString('utf8');
}
