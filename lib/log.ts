import { pino, type Logger } from 'pino';

export type Log = Pick<Logger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

/** Structured logs on stderr (stdout is for command output). Usage: `log.info({ count }, 'loaded invoices')`. */
export function createLog(level = 'info', name = 'encours'): Log {
  return pino({ name, level }, pino.destination(2));
}

/** A logger that drops everything, for tests. */
export function createSilentLog(): Log {
  return pino({ level: 'silent' });
}
