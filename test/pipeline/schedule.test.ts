import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import {
  NIGHTLY_SCHEDULE_ID,
  createNightlySchedule,
  describeNightlySchedule,
  pauseNightlySchedule,
  triggerNightlySchedule,
  unpauseNightlySchedule,
} from '../../workflows/schedule.js';
import type { TemporalClient } from '../../workflows/client.js';
import { connectTestClient, startTestTemporal, type TestTemporal } from './harness.js';

describe('the encours-nightly schedule', () => {
  let temporal: TestTemporal;
  let client: TemporalClient;
  beforeAll(async () => {
    temporal = await startTestTemporal();
    client = await connectTestClient(temporal);
  });
  afterAll(async () => {
    await client?.close();
    await temporal?.stop();
  });

  it('is created with the nightly spec, overlap skip and a catch-up window, and can be updated', async () => {
    const options = { taskQueue: 'schedule-test', at: '02:00', timezone: 'Europe/Paris' };
    expect(await createNightlySchedule(client.client, options)).toBe('created');
    let d = await describeNightlySchedule(client.client);
    expect(d.scheduleId).toBe(NIGHTLY_SCHEDULE_ID);
    expect(d.spec.timezone).toBe('Europe/Paris');
    expect(d.spec.calendars).toHaveLength(1);
    expect(d.spec.calendars![0]).toMatchObject({
      hour: [{ start: 2, end: 2, step: 1 }],
      minute: [{ start: 0, end: 0, step: 1 }],
      comment: 'every day at 02:00',
    });
    expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(d.policies.catchupWindow).toBe(6 * 3600 * 1000);
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'nightlyPipeline',
      taskQueue: 'schedule-test',
    });
    expect(d.action.type === 'startWorkflow' && d.action.args).toEqual([{ timezone: 'Europe/Paris' }]);
    // next run: 02:00 in Paris, i.e. 00:00 or 01:00 UTC depending on daylight saving time
    expect([0, 1]).toContain(d.info.nextActionTimes[0]!.getUTCHours());

    expect(
      await createNightlySchedule(client.client, { ...options, at: '03:30', catchupWindow: '1 hour' }),
    ).toBe('updated');
    d = await describeNightlySchedule(client.client);
    expect(d.spec.calendars![0]).toMatchObject({
      hour: [{ start: 3, end: 3, step: 1 }],
      minute: [{ start: 30, end: 30, step: 1 }],
    });
    expect(d.policies.catchupWindow).toBe(3600 * 1000);
  });

  it('pauses, unpauses and triggers', async () => {
    await pauseNightlySchedule(client.client, 'maintenance');
    expect((await describeNightlySchedule(client.client)).state).toMatchObject({
      paused: true,
      note: 'maintenance',
    });
    await unpauseNightlySchedule(client.client);
    expect((await describeNightlySchedule(client.client)).state.paused).toBe(false);
    await triggerNightlySchedule(client.client);
    await expect
      .poll(async () => (await describeNightlySchedule(client.client)).info.recentActions.length, {
        timeout: 10_000,
      })
      .toBe(1);
    const [action] = (await describeNightlySchedule(client.client)).info.recentActions;
    expect(action!.action.workflow.workflowId).toMatch(/^nightly\/scheduled-/);
  });

  it('says how to create the schedule when it does not exist', async () => {
    await client.client.schedule.getHandle(NIGHTLY_SCHEDULE_ID).delete();
    await expect(describeNightlySchedule(client.client)).rejects.toThrow(
      /create it with `encours schedule create`/,
    );
  });
});
