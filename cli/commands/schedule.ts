import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { printJson } from '../output.js';
import type { CliContext } from '../context.js';
import type { ContextFactory } from './index.js';
import { NIGHTLY_SCHEDULE_ID, nightlyScheduleId } from '../../workflows/names.js';

// Temporal is imported when a command runs, so that other commands start fast.
const schedules = () => import('../../workflows/schedule.js');

/** `encours schedule create|describe|pause|unpause|trigger`: the `encours-nightly` Temporal schedule. */
export function registerScheduleCommand(program: Command, context: ContextFactory): void {
  const schedule = program
    .command('schedule')
    .description(`The ${NIGHTLY_SCHEDULE_ID} Temporal schedule of the nightly pipeline`);

  schedule
    .command('create')
    .description(
      'Create (or update) the nightly schedule: every day at --at in --timezone, overlapping runs skipped',
    )
    .option('--at <HH:MM>', 'local time of the run (default: ENCOURS_NIGHTLY_AT or 02:00)')
    .option('--timezone <zone>', 'IANA time zone (default: ENCOURS_NIGHTLY_TZ or Europe/Paris)')
    .option(
      '--catchup-window <duration>',
      'runs missed while Temporal was down are taken within this window',
      '6 hours',
    )
    .option('--digest-day <1-7>', 'weekday of the weekly cash-reporting digest, 1 = Monday … 7 = Sunday', '1')
    .option('--digest-at <HH:MM>', 'local time of the digest', '07:00')
    .action(
      async (opts: {
        at?: string;
        timezone?: string;
        catchupWindow: string;
        digestDay: string;
        digestAt: string;
      }) =>
        withClient(context(), async (client, ctx) => {
          const at = opts.at ?? ctx.config.nightlyAt;
          const timezone = opts.timezone ?? ctx.config.nightlyTimezone;
          const { createNightlySchedule } = await schedules();
          const outcome = await createNightlySchedule(client, {
            taskQueue: ctx.config.taskQueue,
            at,
            timezone,
            catchupWindow: opts.catchupWindow,
          });
          ctx.stdout.write(
            `schedule ${nightlyScheduleId(ctx.config.taskQueue)} ${outcome}: every day at ${at} ${timezone}\n`,
          );
          const { createDigestSchedule, digestScheduleId } =
            await import('../../workflows/digest/schedule.js');
          const digest = await createDigestSchedule(client, {
            taskQueue: ctx.config.taskQueue,
            weekday: Number(opts.digestDay),
            at: opts.digestAt,
            timezone,
          });
          ctx.stdout.write(
            `schedule ${digestScheduleId(ctx.config.taskQueue)} ${digest}: the cash-reporting digest, weekday ${opts.digestDay} at ${opts.digestAt} ${timezone}\n`,
          );
        }),
    );

  schedule
    .command('describe')
    .description('Show the schedule: spec, policies, state, recent and next runs')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withClient(context(), async (client, ctx) => {
        const d = await (await schedules()).describeNightlySchedule(client, ctx.config.taskQueue);
        const view = {
          scheduleId: d.scheduleId,
          calendars: d.spec.calendars ?? [],
          timezone: d.spec.timezone ?? 'UTC',
          overlap: d.policies.overlap,
          catchupWindowMs: d.policies.catchupWindow,
          paused: d.state.paused,
          note: d.state.note ?? null,
          nextRuns: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
          recentRuns: d.info.recentActions.map((a) => ({
            at: a.takenAt.toISOString(),
            workflowId: a.action.workflow.workflowId,
          })),
        };
        if (opts.json) return printJson(ctx.stdout, view);
        ctx.stdout.write(
          `${view.scheduleId}: ${view.paused ? 'PAUSED' : 'active'}${view.note ? ` (${view.note})` : ''}\n` +
            `  when      ${view.calendars.map((c) => c.comment ?? JSON.stringify(c)).join('; ')} (${view.timezone})\n` +
            `  overlap   ${view.overlap}, catch-up window ${Math.round(view.catchupWindowMs / 60_000)} min\n` +
            `  next      ${view.nextRuns.join(', ') || '-'}\n` +
            `  recent    ${view.recentRuns.map((r) => `${r.at} ${r.workflowId}`).join(', ') || '-'}\n`,
        );
      }),
    );

  for (const [name, description, operation] of [
    ['pause', 'Pause the nightly runs', 'pauseNightlySchedule'],
    ['unpause', 'Resume the nightly runs', 'unpauseNightlySchedule'],
    ['trigger', 'Start a scheduled run now (skipped if one is running)', 'triggerNightlySchedule'],
  ] as const) {
    schedule
      .command(name)
      .description(description)
      .action(async () =>
        withClient(context(), async (client, ctx) => {
          await (await schedules())[operation](client, ctx.config.taskQueue);
          ctx.stdout.write(
            `schedule ${nightlyScheduleId(ctx.config.taskQueue)}: ${name === 'trigger' ? 'triggered' : `${name}d`}\n`,
          );
        }),
      );
  }
}

/** Temporal (TEMPORAL_ADDRESS, or the embedded dev server: reused when `serve` runs, else started for the command). */
async function withClient(
  ctx: CliContext,
  work: (client: Client, ctx: CliContext) => Promise<void>,
): Promise<void> {
  const { ensureTemporal } = await import('../../workflows/runtime.js');
  const { connectClient } = await import('../../workflows/client.js');
  const temporal = await ensureTemporal(ctx.config, ctx.log, {
    headless: true,
    searchPath: process.env.PATH,
  });
  try {
    const client = await connectClient(temporal.address, temporal.namespace);
    try {
      await work(client.client, ctx);
    } finally {
      await client.close();
    }
  } finally {
    await temporal.stop();
  }
}
