import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Config } from '../../lib/config.js';
import type { CollectionDeps } from '../collection/activities.js';
import type { DigestDeps } from '../digest/activities.js';
import { EncoursError } from '../../lib/errors.js';
import type { Log } from '../../lib/log.js';
import { readSources } from '../../pipelines/sources.js';
import type { Warehouse } from '../../warehouse/db.js';
import { publishAnalystSnapshot } from '../../warehouse/publish-snapshot.js';
import { runTransforms } from '../../warehouse/transform.js';
import { archiveItem, listDropItems, quarantineItem } from './drop-folder.js';
import { importDropItem } from './import-item.js';
import { snapshotDailyKpis } from './kpi-snapshots.js';
import { withHeartbeat } from './heartbeat.js';
import type { DropItem, LoadOutcome, PipelineSource } from './types.js';

/** Test-only failure injection (absent in production): called around each item's import. */
export interface PipelineHooks {
  beforeLoad?(item: DropItem, attempt: number): Promise<void> | void;
  afterLoad?(item: DropItem, outcome: LoadOutcome, attempt: number): Promise<void> | void;
}

export interface PipelineDeps {
  db: Warehouse;
  config: Pick<Config, 'sourcesFile' | 'snapshotsDir' | 'reportingCurrency' | 'modelsDir'>;
  log: Log;
  hooks?: PipelineHooks;
  /** The reminder engine (ops tables, channels): the collection activities and the plan/signal stages need it. */
  collection?: CollectionDeps;
  /** A client of the worker's Temporal, for the stage that signals-with-start the collection workflows. */
  temporal?: { client: Client; taskQueue: string };
  /** The weekly digest's mailer and ops tables (digestWorkflow). */
  digest?: DigestDeps;
}

export type PipelineActivities = ReturnType<typeof createPipelineActivities>;

/** The nightly pipeline's activities, closing over the process's warehouse (one DuckDB instance per process). */
export function createPipelineActivities(deps: PipelineDeps) {
  const { db, config, log } = deps;
  return {
    async readSources(input: { companies?: string[] }): Promise<PipelineSource[]> {
      return asBadInput(() => readSources(config.sourcesFile, input.companies));
    },

    async extractSource(input: { source: PipelineSource }): Promise<DropItem[]> {
      const items = await asBadInput(() => listDropItems(input.source));
      log.info({ company: input.source.company, items: items.map((i) => i.name) }, 'extracted drop folder');
      return items;
    },

    async loadItem(input: { source: PipelineSource; item: DropItem }): Promise<LoadOutcome> {
      const { source, item } = input;
      const attempt = currentAttempt();
      await deps.hooks?.beforeLoad?.(item, attempt);
      const outcome = await withHeartbeat(() => asBadInput(() => importDropItem(db, source, item, log)));
      log.info({ company: source.company, item: item.name, ...outcome }, 'loaded drop item');
      await deps.hooks?.afterLoad?.(item, outcome, attempt);
      return outcome;
    },

    async archiveItem(input: { source: PipelineSource; item: DropItem; date: string }): Promise<string> {
      return archiveItem(input.source, input.item, input.date);
    },

    async quarantineItem(input: {
      source: PipelineSource;
      item: DropItem;
      date: string;
      error: string;
    }): Promise<string> {
      const target = quarantineItem(input.source, input.item, input.date, input.error);
      log.warn(
        { company: input.source.company, item: input.item.name, target, error: input.error },
        'quarantined drop item',
      );
      return target;
    },

    async transformWarehouse(): Promise<{ models: number }> {
      return withHeartbeat(() => runTransforms(db));
    },

    async snapshotKpis(input: { asOf: string }): Promise<{ dates: string[]; rows: number }> {
      return withHeartbeat(() => asBadInput(() => snapshotDailyKpis(db, input.asOf)));
    },

    async publishSnapshot(input: { asOf: string }): Promise<{ file: string; tables: number }> {
      const published = await withHeartbeat(() =>
        publishAnalystSnapshot(db, config.snapshotsDir, input.asOf),
      );
      log.info(published, 'published analyst snapshot');
      return { file: published.file, tables: published.tables };
    },
  };
}

/** Bad input (InputError, EncoursError bad_input or not_found, e.g. a missing FX rate) becomes a non-retryable failure carrying the import's message; the rest is retried. */
async function asBadInput<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EncoursError && (error.code === 'bad_input' || error.code === 'not_found')) {
      throw ApplicationFailure.create({ type: 'InputError', message: error.message, nonRetryable: true });
    }
    throw error;
  }
}

function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}
