import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { EncoursError } from '../lib/errors.js';
import { NIGHTLY_SCHEDULE_ID, PIPELINE_WORKFLOW, nightlyScheduleId, queueSuffix } from './names.js';
import type { NightlyInput } from './pipeline/types.js';

export { NIGHTLY_SCHEDULE_ID, nightlyScheduleId };

export interface NightlyScheduleOptions {
  taskQueue: string;
  /** HH:MM, local time in `timezone` (default 02:00). */
  at: string;
  /** IANA zone (default Europe/Paris). */
  timezone: string;
  /** Runs missed while the server was down are still taken within this window (default 6 hours). */
  catchupWindow?: string;
}

/** Creates the nightly schedule, or updates its spec when it exists (idempotent). Returns 'created' | 'updated'. */
export async function createNightlySchedule(
  client: Client,
  options: NightlyScheduleOptions,
): Promise<'created' | 'updated'> {
  const { hour, minute } = parseTime(options.at);
  assertTimezone(options.timezone);
  const spec = {
    calendars: [{ hour, minute, comment: `every day at ${options.at}` }],
    timezone: options.timezone,
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: options.catchupWindow ?? '6 hours' };
  const input: NightlyInput = { timezone: options.timezone };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: PIPELINE_WORKFLOW,
    taskQueue: options.taskQueue,
    workflowId: `nightly/scheduled${queueSuffix(options.taskQueue)}`,
    args: [input],
  };
  try {
    await client.schedule.create({
      scheduleId: nightlyScheduleId(options.taskQueue),
      spec,
      policies,
      action,
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule
      .getHandle(nightlyScheduleId(options.taskQueue))
      .update((previous) => ({ ...previous, spec, policies, action }));
    return 'updated';
  }
}

export async function describeNightlySchedule(
  client: Client,
  taskQueue: string,
): Promise<ScheduleDescription> {
  return withSchedule(taskQueue, (id) => client.schedule.getHandle(id).describe());
}

export async function pauseNightlySchedule(
  client: Client,
  taskQueue: string,
  note = 'paused with encours schedule pause',
): Promise<void> {
  await withSchedule(taskQueue, (id) => client.schedule.getHandle(id).pause(note));
}

export async function unpauseNightlySchedule(
  client: Client,
  taskQueue: string,
  note = 'unpaused with encours schedule unpause',
): Promise<void> {
  await withSchedule(taskQueue, (id) => client.schedule.getHandle(id).unpause(note));
}

/** Starts a run now (skipped if one is still running: the schedule's overlap policy). */
export async function triggerNightlySchedule(client: Client, taskQueue: string): Promise<void> {
  await withSchedule(taskQueue, (id) => client.schedule.getHandle(id).trigger());
}

async function withSchedule<T>(taskQueue: string, work: (scheduleId: string) => Promise<T>): Promise<T> {
  const scheduleId = nightlyScheduleId(taskQueue);
  try {
    return await work(scheduleId);
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) {
      throw new EncoursError(
        'not_found',
        `schedule ${scheduleId} does not exist; create it with \`encours schedule create\``,
      );
    }
    throw error;
  }
}

export function parseTime(text: string): { hour: number; minute: number } {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m)
    throw new EncoursError('bad_input', `schedule time must be HH:MM (24 h), e.g. 02:00; got "${text}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function assertTimezone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new EncoursError('bad_input', `unknown time zone "${zone}"; use an IANA name such as Europe/Paris`);
  }
}
