// The nightly pipeline: extract → load → transform → KPI snapshot → publish → extension stages.
// Workflow code: deterministic, imports only @temporalio/workflow and types.
import {
  ApplicationFailure,
  defineQuery,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { PIPELINE_EXTENSIONS, type ExtensionInput, type ExtensionResult } from './extensions.js';
import { heavy, io, retry } from './proxies.js';
import { describeFailure, extractSources, loadSources } from './source-stages.js';
import { PipelineState } from './state.js';
import type { NightlyInput, PipelineProgress } from './types.js';

export const progressQuery = defineQuery<PipelineProgress>('progress');

export async function nightlyPipeline(input: NightlyInput = {}): Promise<PipelineProgress> {
  const asOf = input.asOf ?? previousDay(workflowInfo().startTime, input.timezone ?? 'UTC');
  const state = new PipelineState(
    asOf,
    PIPELINE_EXTENSIONS.map((e) => e.name),
  );
  setHandler(progressQuery, () => state.toJSON());
  let stage = 'extract';
  try {
    const sources = await io.readSources({ companies: input.companies });
    state.addSources(sources);
    const items = await extractSources(state, sources);
    stage = 'load';
    await loadSources(state, sources, items);
    stage = 'transform';
    await runStage(state, stage, async () => ({
      rows: (await heavy.transformWarehouse()).models,
      detail: 'models built',
    }));
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
      // runs recorded before the stages were registered replay them as skipped
      if (
        !extension.activity ||
        !patched('extension-stages-v1') ||
        (extension.patch !== undefined && !patched(extension.patch))
      ) {
        state.skip(stage, 'not registered');
        continue;
      }
      const run = extensionActivity(extension.activity, extension.timeout);
      const extensionInput: ExtensionInput = { asOf, companies: sources.map((s) => s.company) };
      await runStage(state, stage, () => run(extensionInput));
    }
  } catch (error) {
    state.fail(stage, describeFailure(error));
    throw ApplicationFailure.create({
      type: 'PipelineFailed',
      message: `nightly pipeline failed at stage ${stage}: ${describeFailure(error)}`,
      nonRetryable: true,
      details: [state.toJSON()],
    });
  }
  state.close();
  return state.toJSON();
}

async function runStage(
  state: PipelineState,
  name: string,
  work: () => Promise<ExtensionResult>,
): Promise<void> {
  state.start(name);
  const result = await work();
  state.finish(name, result);
}

function extensionActivity(
  activity: string,
  timeout = '1 hour',
): (input: ExtensionInput) => Promise<ExtensionResult> {
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
  return {
    rows: dates.length,
    detail: dates.length === 1 ? dates[0] : `${dates[0]} … ${dates[dates.length - 1]}`,
  };
}

/** The calendar date before `at` in `timeZone` (the day a nightly run closes). */
function previousDay(at: Date, timeZone: string): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
