import { resolve, join } from 'node:path';
import { homedir } from 'node:os';

/** The process configuration, read once from the environment at the entry point and passed down. */
export interface Config {
  /** `$ENCOURS_HOME`: warehouse, snapshots, models, outbox, temporal.db, logs. */
  readonly home: string;
  readonly warehousePath: string;
  readonly snapshotsDir: string;
  readonly modelsDir: string;
  readonly outboxDir: string;
  /** `ENCOURS_INVOICES_DIR` (default $ENCOURS_HOME/invoices): invoice PDFs as `<company_id>/<document_id>.pdf`. */
  readonly invoicesDir: string;
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
  /** `ENCOURS_MAIL_FROM`: the From of reminder emails and the letters' sender, `Name <address>`. */
  readonly mailFrom: string;
  /** `ENCOURS_LATE_PENALTY_RATE`: annual late-payment penalty rate in percent for formal notices; undefined: ECB + 10. */
  readonly latePenaltyRate: string | undefined;
  readonly logLevel: string;
  /** `TEMPORAL_CLI`: an explicit Temporal CLI binary (else `temporal` on PATH, else the user cache). */
  readonly temporalCli: string | undefined;
  /** `ENCOURS_CACHE` (default ~/.cache/encours): tools built once per user (Temporal CLI, test server). */
  readonly cacheDir: string;
  /** Embedded dev server ports (`ENCOURS_TEMPORAL_PORT`, `ENCOURS_TEMPORAL_UI_PORT`): gRPC 7233, UI 8233. */
  readonly temporalPort: number;
  readonly temporalUiPort: number;
  /** `encours serve` defaults (`ENCOURS_PORT`, `ENCOURS_HOST`). */
  readonly apiPort: number;
  readonly apiHost: string;
  /** `ENCOURS_PUBLIC_URL`: the base URL customers reach `encours serve` at (portal links in reminders). */
  readonly publicUrl: string;
  /** Nightly schedule (`ENCOURS_NIGHTLY_AT` HH:MM, `ENCOURS_NIGHTLY_TZ` IANA zone). */
  readonly nightlyAt: string;
  readonly nightlyTimezone: string;
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const home = resolve(cwd, env.ENCOURS_HOME || '.encours');
  const currency = (env.ENCOURS_REPORTING_CURRENCY || 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new Error(`ENCOURS_REPORTING_CURRENCY must be an ISO 4217 code such as EUR, got "${currency}"`);
  }
  const apiPort = readPort(env, 'ENCOURS_PORT', 3000);
  const apiHost = env.ENCOURS_HOST || '127.0.0.1';
  const publicUrl = (env.ENCOURS_PUBLIC_URL || `http://${apiHost}:${apiPort}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    throw new Error(
      `ENCOURS_PUBLIC_URL must be an http(s) URL such as https://encours.example.com, got "${publicUrl}"`,
    );
  }
  const latePenaltyRate = env.ENCOURS_LATE_PENALTY_RATE || undefined;
  if (latePenaltyRate !== undefined && !/^\d{1,2}(\.\d{1,4})?$/.test(latePenaltyRate)) {
    throw new Error(`ENCOURS_LATE_PENALTY_RATE must be a percentage such as 12.15, got "${latePenaltyRate}"`);
  }
  return Object.freeze({
    home,
    warehousePath: join(home, 'warehouse.duckdb'),
    snapshotsDir: join(home, 'snapshots'),
    modelsDir: join(home, 'models'),
    outboxDir: join(home, 'outbox'),
    invoicesDir: resolve(cwd, env.ENCOURS_INVOICES_DIR || join(home, 'invoices')),
    logsDir: join(home, 'logs'),
    sourcesFile: join(home, 'sources.json'),
    reportingCurrency: currency,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.ENCOURS_TASK_QUEUE || 'encours',
    serverUrl: env.ENCOURS_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.ENCOURS_MAIL_FROM || 'encours <encours@localhost>',
    latePenaltyRate,
    logLevel: env.ENCOURS_LOG_LEVEL || 'info',
    temporalCli: env.TEMPORAL_CLI || undefined,
    cacheDir: resolve(cwd, env.ENCOURS_CACHE || join(env.HOME || homedir(), '.cache', 'encours')),
    temporalPort: readPort(env, 'ENCOURS_TEMPORAL_PORT', 7233),
    temporalUiPort: readPort(env, 'ENCOURS_TEMPORAL_UI_PORT', 8233),
    apiPort,
    apiHost,
    publicUrl,
    nightlyAt: env.ENCOURS_NIGHTLY_AT || '02:00',
    nightlyTimezone: env.ENCOURS_NIGHTLY_TZ || 'Europe/Paris',
  });
}

function readPort(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (!text) return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a TCP port (1-65535), got "${text}"`);
  return port;
}
