import type { Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import { parseIsoDate, todayIso } from '../../lib/dates.js';
import { printJson, printTable } from '../output.js';
import type { ContextFactory } from './index.js';
import { describeProgressChanges, describeSource } from '../../workflows/progress-format.js';
import type { PipelineProgress } from '../../workflows/pipeline/types.js';

// Temporal and the API are imported when a command runs, so that other commands start fast.

/** `encours pipeline run|status`: the nightly pipeline, through Temporal. */
export function registerPipelineCommand(program: Command, context: ContextFactory): void {
  const pipeline = program
    .command('pipeline')
    .description('The nightly extract → load → transform → KPI → publish pipeline (Temporal)');

  pipeline
    .command('run')
    .description(
      'Run the nightly pipeline now and wait for it, printing stage progress (works with or without `encours serve`)',
    )
    .option('--as-of <date>', 'as-of date YYYY-MM-DD (default: today)')
    .option('--company <id...>', "only these companies' sources (repeatable)")
    .option('--json', 'print the final result as JSON')
    .action(async (opts: { asOf?: string; company?: string[]; json?: boolean }) => {
      const { config, log, stdout } = context();
      const asOf = opts.asOf ? parseAsOf(opts.asOf) : todayIso();
      const { runPipelineAndWait } = await import('../../workflows/run-pipeline.js');
      let previous: PipelineProgress | undefined;
      const run = await runPipelineAndWait({
        config,
        log,
        input: { asOf, ...(opts.company?.length ? { companies: opts.company } : {}) },
        onStart: ({ workflowId, via }) => {
          if (!opts.json)
            stdout.write(
              `pipeline ${workflowId} started (worker: ${via === 'serve' ? 'the running encours serve' : 'this process'})\n`,
            );
        },
        onProgress: (progress) => {
          if (!opts.json)
            for (const line of describeProgressChanges(previous, progress)) stdout.write(line + '\n');
          previous = progress;
        },
      });
      if (opts.json) printJson(stdout, { workflowId: run.workflowId, runId: run.runId, ...run.result });
      else
        stdout.write(
          `pipeline ${run.workflowId}: ${run.result.status}${run.result.snapshot ? `; snapshot ${run.result.snapshot}` : ''}\n`,
        );
      failOnPartial(run.result);
    });

  pipeline
    .command('status')
    .description('The last pipeline run: status, stages, sources')
    .option(
      '--json',
      'print JSON: {workflowId, runId, status, startedAt, closedAt, stages:[{name, status, rows…}]}',
    )
    .action(async (opts: { json?: boolean }) => {
      const { config, log, stdout } = context();
      const { ensureTemporal } = await import('../../workflows/runtime.js');
      const { connectClient, readLastRun } = await import('../../workflows/client.js');
      const temporal = await ensureTemporal(config, log, { headless: true, searchPath: process.env.PATH });
      try {
        const client = await connectClient(temporal.address, temporal.namespace);
        try {
          const last = await readLastRun(client.client, config.taskQueue);
          if (!last)
            throw new EncoursError('not_found', 'no pipeline run yet; start one with `encours pipeline run`');
          if (opts.json) return printJson(stdout, last);
          stdout.write(
            `${last.workflowId}  ${last.status}  started ${last.startedAt}${last.closedAt ? `  closed ${last.closedAt}` : ''}\n`,
          );
          if (last.error) stdout.write(`error: ${last.error}\n`);
          if (last.stages.length) {
            printTable(
              stdout,
              last.stages.map((s) => ({
                stage: s.name,
                status: s.status,
                rows: s.rows ?? '',
                detail: s.error ?? s.detail ?? '',
              })),
            );
          }
          for (const source of last.sources) stdout.write(`  ${describeSource(source)}\n`);
        } finally {
          await client.close();
        }
      } finally {
        await temporal.stop();
      }
    });
}

function parseAsOf(text: string): string {
  try {
    return parseIsoDate(text, '--as-of');
  } catch (error) {
    throw new EncoursError('bad_input', (error as Error).message);
  }
}

/** A partial run (some source failed) exits non-zero so that cron-like callers notice. */
export function failOnPartial(result: PipelineProgress): void {
  if (result.status !== 'partial') return;
  const failed = result.sources.filter((s) => s.status === 'failed');
  throw new EncoursError(
    'bad_input',
    `${failed.length} source(s) failed, the others were loaded:\n` +
      failed
        .map(
          (s) =>
            `  ${s.company}: ${s.error ?? 'failed'}${s.quarantined.length ? ` (moved to ${s.quarantined.join(', ')})` : ''}`,
        )
        .join('\n') +
      '\nFix the files and drop them again; the next run loads them.',
  );
}
