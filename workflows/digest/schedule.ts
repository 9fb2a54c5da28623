import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { EncoursError } from '../../lib/errors.js';
import { queueSuffix } from '../names.js';
import { parseTime } from '../schedule.js';

export const DIGEST_SCHEDULE_ID = 'encours-digest';
export const DIGEST_WORKFLOW = 'digestWorkflow';

export function digestScheduleId(taskQueue: string): string {
  return DIGEST_SCHEDULE_ID + queueSuffix(taskQueue);
}

const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

/** Creates (or updates) the weekly digest schedule: `weekday` 1 = Monday … 7 = Sunday, at HH:MM in `timezone`. */
export async function createDigestSchedule(
  client: Client,
  options: { taskQueue: string; weekday: number; at: string; timezone: string },
): Promise<'created' | 'updated'> {
  if (!Number.isInteger(options.weekday) || options.weekday < 1 || options.weekday > 7)
    throw new EncoursError(
      'bad_input',
      `digest weekday must be 1 (Monday) … 7 (Sunday), got ${options.weekday}`,
    );
  const { hour, minute } = parseTime(options.at);
  const dayOfWeek = WEEKDAYS[options.weekday % 7]!;
  const spec = {
    calendars: [{ dayOfWeek, hour, minute, comment: `every ${dayOfWeek.toLowerCase()} at ${options.at}` }],
    timezone: options.timezone,
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: DIGEST_WORKFLOW,
    taskQueue: options.taskQueue,
    workflowId: `digest/scheduled${queueSuffix(options.taskQueue)}`,
    args: [{ days: 7 }],
  };
  const scheduleId = digestScheduleId(options.taskQueue);
  try {
    await client.schedule.create({ scheduleId, spec, policies, action });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule
      .getHandle(scheduleId)
      .update((previous) => ({ ...previous, spec, policies, action }));
    return 'updated';
  }
}
