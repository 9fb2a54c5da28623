// Continue-as-new of the collection workflow on Temporal's time-skipping server, on a server of its own: a long
// history (signals) makes the workflow start a new run that carries what it reminded and delivered.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/dates.js';
import { listDunningLog } from '../../warehouse/ops/dunning-log.queries.js';
import { startEnvironment, startRig, type Rig } from './harness.js';

let env: TestWorkflowEnvironment;
let rig: Rig | undefined;

beforeAll(async () => {
  env = await startEnvironment();
}, 300_000);
afterAll(async () => {
  await rig?.close();
  await env?.teardown();
});

async function play(r: Rig, days: number, from = 0): Promise<void> {
  for (let day = from; day < from + days; day++) {
    await r.runDay(addDays(r.start, day));
    await env.sleep('1 day');
  }
}

async function sends(r: Rig): Promise<[number, string][]> {
  const log = await listDunningLog(r.ops, { customerIds: ['C1'], limit: 1000 });
  return log.map((e): [number, string] => [
    Math.round((Date.parse(e.as_of!) - Date.parse(r.start)) / 86_400_000),
    e.step,
  ]);
}

describe('collection workflow (time-skipping)', () => {
  it('continues as new on a long history, carrying what it reminded and delivered', async () => {
    rig = await startRig(env, {});
    const r = rig;
    await play(r, 7);
    const handle = env.client.workflow.getHandle(`collection/ACME/C1@${r.taskQueue}`);
    const first = (await handle.describe()).runId;
    const before = (await r.state())!;
    for (let i = 0; i < 30; i++) {
      await handle.signal('pause', { reason: `pause ${i}` });
      await handle.signal('resume');
    }
    let runId = first;
    for (let i = 0; i < 300 && runId === first; i++) {
      await new Promise((w) => setTimeout(w, 100));
      runId = (await handle.describe()).runId;
    }
    expect(runId).not.toBe(first);
    const after = (await r.state())!;
    expect(after.reminded).toEqual(before.reminded);
    expect(after.delivered).toBe(before.delivered);
    // still at work: the next steps go out as before
    await play(r, 10, 7);
    expect(await sends(r)).toContainEqual([15, 'j+10']);
  }, 300_000);
});
