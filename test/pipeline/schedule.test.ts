import { createDigestSchedule, digestScheduleId } from '../../workflows/digest/schedule.js';
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
    const options = { taskQueue: 'encours', at: '02:00', timezone: 'Europe/Paris' };
    expect(await createNightlySchedule(client.client, options)).toBe('created');
    let d = await describeNightlySchedule(client.client, 'encours');
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
      taskQueue: 'encours',
    });
    expect(d.action.type === 'startWorkflow' && d.action.args).toEqual([{ timezone: 'Europe/Paris' }]);
    // next run: 02:00 in Paris, i.e. 00:00 or 01:00 UTC depending on daylight saving time
    expect([0, 1]).toContain(d.info.nextActionTimes[0]!.getUTCHours());

    expect(
      await createNightlySchedule(client.client, { ...options, at: '03:30', catchupWindow: '1 hour' }),
    ).toBe('updated');
    d = await describeNightlySchedule(client.client, 'encours');
    expect(d.spec.calendars![0]).toMatchObject({
      hour: [{ start: 3, end: 3, step: 1 }],
      minute: [{ start: 30, end: 30, step: 1 }],
    });
    expect(d.policies.catchupWindow).toBe(3600 * 1000);
  });

  it('creates the weekly digest schedule (Monday 07:00 in Paris by default) and refuses a bad weekday', async () => {
    const options = { taskQueue: 'encours', weekday: 1, at: '07:00', timezone: 'Europe/Paris' };
    expect(await createDigestSchedule(client.client, options)).toBe('created');
    const d = await client.client.schedule.getHandle(digestScheduleId('encours')).describe();
    expect(d.spec.calendars![0]).toMatchObject({
      dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }],
      comment: 'every monday at 07:00',
    });
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'digestWorkflow',
      taskQueue: 'encours',
    });
    const next = d.info.nextActionTimes[0]!;
    expect(next.getUTCDay()).toBe(1);
    expect([5, 6]).toContain(next.getUTCHours());
    expect(await createDigestSchedule(client.client, { ...options, weekday: 5 })).toBe('updated');
    await expect(createDigestSchedule(client.client, { ...options, weekday: 8 })).rejects.toThrow(
      /1 \(Monday\) … 7/,
    );
  });

  it('pauses, unpauses and triggers', async () => {
    await pauseNightlySchedule(client.client, 'encours', 'maintenance');
    expect((await describeNightlySchedule(client.client, 'encours')).state).toMatchObject({
      paused: true,
      note: 'maintenance',
    });
    await unpauseNightlySchedule(client.client, 'encours');
    expect((await describeNightlySchedule(client.client, 'encours')).state.paused).toBe(false);
    await triggerNightlySchedule(client.client, 'encours');
    await expect
      .poll(async () => (await describeNightlySchedule(client.client, 'encours')).info.recentActions.length, {
        timeout: 10_000,
      })
      .toBe(1);
    const [action] = (await describeNightlySchedule(client.client, 'encours')).info.recentActions;
    expect(action!.action.workflow.workflowId).toMatch(/^nightly\/scheduled-/);
  });

  it('gives a tenant with its own task queue its own schedule and run ids', async () => {
    const options = { taskQueue: 'encours-acme', at: '04:00', timezone: 'UTC' };
    expect(await createNightlySchedule(client.client, options)).toBe('created');
    const d = await describeNightlySchedule(client.client, 'encours-acme');
    expect(d.scheduleId).toBe('encours-nightly@encours-acme');
    expect(d.action).toMatchObject({
      taskQueue: 'encours-acme',
      workflowId: 'nightly/scheduled@encours-acme',
    });
    expect((await describeNightlySchedule(client.client, 'encours')).spec.timezone).toBe('Europe/Paris');
  });

  it('says how to create the schedule when it does not exist', async () => {
    await client.client.schedule.getHandle(NIGHTLY_SCHEDULE_ID).delete();
    await expect(describeNightlySchedule(client.client, 'encours')).rejects.toThrow(
      /create it with `encours schedule create`/,
    );
  });
});
