import { resolve, join } from 'node:path';

/** The process configuration, read once from the environment at the entry point and passed down. */
export interface Config {
  /** `$ENCOURS_HOME`: warehouse, snapshots, models, outbox, temporal.db, logs. */
  readonly home: string;
  readonly warehousePath: string;
  readonly snapshotsDir: string;
  readonly modelsDir: string;
  readonly outboxDir: string;
  readonly logsDir: string;
  readonly sourcesFile: string;
  /** Currency every group figure is reported in (fx_rates give 1 unit of currency in it). */
  readonly reportingCurrency: string;
  /** `TEMPORAL_ADDRESS`; undefined means: start the embedded dev server. */
  readonly temporalAddress: string | undefined;
  readonly temporalNamespace: string;
  readonly taskQueue: string;
  /** `ENCOURS_URL`: a running `encours serve` that CLI reads go through. */
  readonly serverUrl: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly logLevel: string;
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const home = resolve(cwd, env.ENCOURS_HOME || '.encours');
  const currency = (env.ENCOURS_REPORTING_CURRENCY || 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new Error(`ENCOURS_REPORTING_CURRENCY must be an ISO 4217 code such as EUR, got "${currency}"`);
  }
  return Object.freeze({
    home,
    warehousePath: join(home, 'warehouse.duckdb'),
    snapshotsDir: join(home, 'snapshots'),
    modelsDir: join(home, 'models'),
    outboxDir: join(home, 'outbox'),
    logsDir: join(home, 'logs'),
    sourcesFile: join(home, 'sources.json'),
    reportingCurrency: currency,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.ENCOURS_TASK_QUEUE || 'encours',
    serverUrl: env.ENCOURS_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    logLevel: env.ENCOURS_LOG_LEVEL || 'info',
  });
}
