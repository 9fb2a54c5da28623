// The nightly pipeline: extract → load → transform → KPI snapshot → publish → extension stages.
// Workflow code: deterministic, imports only @temporalio/workflow and types.
import {
  ActivityFailure,
  ApplicationFailure,
  defineQuery,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PipelineActivities } from './activities.js';
import { PIPELINE_EXTENSIONS, type ExtensionInput, type ExtensionResult } from './extensions.js';
import { PipelineState } from './state.js';
import type { DropItem, NightlyInput, PipelineProgress, PipelineSource } from './types.js';

export const progressQuery = defineQuery<PipelineProgress>('progress');

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const io = proxyActivities<PipelineActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { ...retry, maximumAttempts: 5 },
});
const heavy = proxyActivities<PipelineActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { ...retry, maximumAttempts: 5, nonRetryableErrorTypes: ['InputError'] },
});

export async function nightlyPipeline(input: NightlyInput = {}): Promise<PipelineProgress> {
  const asOf = input.asOf ?? previousDay(workflowInfo().startTime, input.timezone ?? 'UTC');
  const state = new PipelineState(asOf, PIPELINE_EXTENSIONS.map((e) => e.name));
  setHandler(progressQuery, () => state.toJSON());
  let stage = 'extract';
  try {
    const sources = await io.readSources({ companies: input.companies });
    state.addSources(sources);
    const items = await extractSources(state, sources);
    stage = 'load';
    await loadSources(state, sources, items);
    stage = 'transform';
    await runStage(state, stage, async () => ({ rows: (await heavy.transformWarehouse()).models, detail: 'models built' }));
    stage = 'kpi-snapshot';
    await runStage(state, stage, async () => describeKpiSnapshots(await heavy.snapshotKpis({ asOf })));
    stage = 'publish';
    await runStage(state, stage, async () => {
      const published = await heavy.publishSnapshot({ asOf });
      state.setSnapshot(published.file);
      return { rows: published.tables, detail: published.file };
    });
    for (const extension of PIPELINE_EXTENSIONS) {
      stage = extension.name;
      if (!extension.activity) {
        state.skip(stage, 'not registered');
        continue;
      }
      const run = extensionActivity(extension.activity, extension.timeout);
      const extensionInput: ExtensionInput = { asOf, companies: sources.map((s) => s.company) };
      await runStage(state, stage, () => run(extensionInput));
    }
  } catch (error) {
    state.fail(stage, describe(error));
    throw ApplicationFailure.create({
      type: 'PipelineFailed',
      message: `nightly pipeline failed at stage ${stage}: ${describe(error)}`,
      nonRetryable: true,
      details: [state.toJSON()],
    });
  }
  state.close();
  return state.toJSON();
}

async function extractSources(state: PipelineState, sources: PipelineSource[]): Promise<Map<string, DropItem[]>> {
  state.start('extract');
  const found = new Map<string, DropItem[]>();
  for (const source of sources) {
    const progress = state.source(source.company);
    progress.status = 'extracting';
    try {
      const items = await io.extractSource({ source });
      found.set(source.company, items);
      Object.assign(progress, { items: items.length, status: items.length ? 'pending' : 'empty' });
    } catch (error) {
      Object.assign(progress, { status: 'failed', error: describe(error) });
    }
  }
  const failed = sources.filter((s) => state.source(s.company).status === 'failed').length;
  const total = [...found.values()].reduce((n, items) => n + items.length, 0);
  state.finish('extract', {
    status: failed ? 'partial' : 'completed',
    rows: total,
    detail: sources.length ? `${total} new item(s) in ${sources.length} source(s)` : 'no sources configured',
  });
  return found;
}

/** Loads each source's items in order; a bad item is quarantined and stops its source only. */
async function loadSources(state: PipelineState, sources: PipelineSource[], found: Map<string, DropItem[]>): Promise<void> {
  state.start('load');
  for (const source of sources) {
    const progress = state.source(source.company);
    const items = found.get(source.company) ?? [];
    let wrote = false;
    for (const item of items) {
      progress.status = 'loading';
      try {
        const outcome = await heavy.loadItem({ source, item });
        progress.loaded += 1;
        progress.rows += outcome.rows;
        wrote ||= outcome.status === 'loaded';
        progress.archived.push(await io.archiveItem({ source, item, date: state.asOf }));
      } catch (error) {
        progress.status = 'failed';
        progress.error = `${item.name}: ${describe(error)}`;
        if (isBadInput(error)) {
          progress.quarantined.push(await io.quarantineItem({ source, item, date: state.asOf, error: describe(error) }));
        }
        break;
      }
    }
    if (progress.status === 'loading') progress.status = wrote ? 'loaded' : 'unchanged';
  }
  const all = sources.map((s) => state.source(s.company));
  state.finish('load', {
    status: all.some((s) => s.status === 'failed') ? 'partial' : 'completed',
    rows: all.reduce((n, s) => n + s.rows, 0),
    detail: `${all.reduce((n, s) => n + s.loaded, 0)} item(s) loaded, ${all.reduce((n, s) => n + s.quarantined.length, 0)} quarantined`,
  });
}

async function runStage(state: PipelineState, name: string, work: () => Promise<ExtensionResult>): Promise<void> {
  state.start(name);
  const result = await work();
  state.finish(name, result);
}

function extensionActivity(activity: string, timeout = '1 hour'): (input: ExtensionInput) => Promise<ExtensionResult> {
  const proxies = proxyActivities<Record<string, (input: ExtensionInput) => Promise<ExtensionResult>>>({
    startToCloseTimeout: timeout,
    heartbeatTimeout: '1 minute',
    retry: { ...retry, maximumAttempts: 3 },
  });
  return proxies[activity]!;
}

function describeKpiSnapshots(result: { dates: string[] }): ExtensionResult {
  const { dates } = result;
  if (dates.length === 0) return { rows: 0, detail: 'up to date' };
  return { rows: dates.length, detail: dates.length === 1 ? dates[0] : `${dates[0]} … ${dates[dates.length - 1]}` };
}

function isBadInput(error: unknown): boolean {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === 'InputError';
}

/** The innermost message (an ActivityFailure's own message is only "Activity task failed"). */
function describe(error: unknown): string {
  let current: unknown = error;
  while (current instanceof ActivityFailure && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** The calendar date before `at` in `timeZone` (the day a nightly run closes). */
function previousDay(at: Date, timeZone: string): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
