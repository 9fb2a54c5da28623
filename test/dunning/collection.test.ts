// The collection workflow on Temporal's time-skipping server: sixty days of a scenario in seconds, exact messages on
// exact days, payment, promise, dispute, and sends that are never repeated (issue [Reminders], tests).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/dates.js';
import { insertDispute, insertPromise } from '../../warehouse/ops/commitments.queries.js';
import { listDunningLog } from '../../warehouse/ops/dunning-log.queries.js';
import { listOpenCallTasks } from '../../warehouse/ops/call-tasks.queries.js';
import { buildApp } from '../../api/app.js';
import { createSecretToken, hashToken } from '../../api/auth/secrets.js';
import { createSilentLog } from '../../lib/log.js';
import { insertApiToken } from '../../warehouse/ops/api-tokens.queries.js';
import { insertUser } from '../../warehouse/ops/users.queries.js';
import { createCollectionSignals } from '../../workflows/collection/signals.js';
import { startEnvironment, startRig, type Rig } from './harness.js';

let env: TestWorkflowEnvironment;
let rig: Rig | undefined;

beforeAll(async () => {
  env = await startEnvironment();
}, 300_000);
afterAll(async () => {
  await env?.teardown();
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Plays `days` nightly runs from the rig's start, one simulated day apart; `each` runs before a day's run. */
async function play(
  r: Rig,
  days: number,
  each?: (asOf: string, day: number) => Promise<void>,
  from = 0,
): Promise<void> {
  for (let day = from; day < from + days; day++) {
    const asOf = addDays(r.start, day);
    await each?.(asOf, day);
    if (process.env.DEBUG_DUNNING) console.error('day', day, 'run');
    await r.runDay(asOf);
    if (process.env.DEBUG_DUNNING) console.error('day', day, 'sleep');
    await env.sleep('1 day');
  }
}

/** [day offset from start, step, channel] of every logged send of C1, in order. */
async function sends(r: Rig): Promise<[number, string, string, string][]> {
  const log = await listDunningLog(r.ops, { customerIds: ['C1'], limit: 1000 });
  return log
    .map((e): [number, string, string, string] => [dayOf(r, e.as_of!), e.step, e.channel, e.status])
    .sort((a, b) => a[0] - b[0]);
}

function dayOf(r: Rig, date: string): number {
  return Math.round((Date.parse(date) - Date.parse(r.start)) / 86_400_000);
}

describe('collection workflow (time-skipping)', () => {
  it('plays sixty days of the scenario in seconds: each step once, on its day, on its channel', async () => {
    rig = await startRig(env, {});
    const wall = Date.now();
    await play(rig, 61);
    // due = start + 5: J-3 = day 2, J+1 = 6, J+10 = 15, J+20 = 25, J+30 = 35, J+45 = 50
    expect(await sends(rig)).toEqual([
      [2, 'j-3', 'email', 'sent'],
      [6, 'j+1', 'email', 'sent'],
      [15, 'j+10', 'email', 'sent'],
      [25, 'j+20', 'letter', 'sent'],
      [35, 'j+30', 'call', 'sent'],
      [50, 'j+45', 'letter', 'sent'],
    ]);
    expect(Date.now() - wall).toBeLessThan(120_000);
    const emails = rig.smtp.messages;
    expect(emails.map((m) => m.headers['x-encours-step'])).toEqual(['j-3', 'j+1', 'j+10']);
    expect(emails.every((m) => m.to.includes('compta@dupont.example'))).toBe(true);
    expect(emails[1]!.text).toContain('F-001');
    expect(emails[1]!.text).toContain('F-002');
    const calls = await listOpenCallTasks(rig.ops, '9999-12-31');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.cash_at_stake).toBe('2000.00');
    const view = await rig.state();
    expect(view?.status).toBe('waiting');
    // the prevention email's run completed (nothing overdue yet); J+1 started the run that is still waiting
    expect(view?.delivered).toBe(5);
  }, 300_000);

  it('stops when the customer pays mid-way, thanks them, and completes', async () => {
    rig = await startRig(env, { paidOnDay: 12 });
    await play(rig, 30);
    expect(await sends(rig)).toEqual([
      [2, 'j-3', 'email', 'sent'],
      [6, 'j+1', 'email', 'sent'],
      [12, 'thanks', 'email', 'sent'],
    ]);
    const thanks = rig.smtp.messages.at(-1)!;
    expect(thanks.headers['x-encours-step']).toBe('thanks');
    expect((await rig.state())?.status).toBe('completed');
  }, 300_000);

  it('suspends the invoices of a promise until its date plus grace, then resumes', async () => {
    rig = await startRig(env, {});
    const r = rig;
    await play(r, 31, async (asOf, day) => {
      if (day !== 8) return;
      // promised on day 8 for day 20: suspended through day 22 (grace 2), J+10 (day 15) waits until day 23
      await insertPromise(r.ops, {
        company_id: 'ACME',
        customer_id: 'C1',
        document_ids: [],
        amount: '2000.00',
        promised_date: addDays(r.start, 20),
        created_by: 'test',
      });
      await env.client.workflow
        .getHandle(`collection/ACME/C1@${r.taskQueue}`)
        .signal('promise', { date: addDays(r.start, 20), amount: '2000.00' });
      void asOf;
    });
    expect((await sends(r)).map(([day, step]) => [day, step])).toEqual([
      [2, 'j-3'],
      [6, 'j+1'],
      [23, 'j+10'],
      [25, 'j+20'],
    ]);
  }, 300_000);

  it('leaves a disputed invoice out of every later message', async () => {
    rig = await startRig(env, {});
    const r = rig;
    await play(r, 16, async (_asOf, day) => {
      if (day === 10) {
        await insertDispute(r.ops, {
          company_id: 'ACME',
          customer_id: 'C1',
          document_id: 'F-002',
          reason: 'not delivered',
        });
      }
    });
    const firm = r.smtp.messages.find((m) => m.headers['x-encours-step'] === 'j+10')!;
    expect(firm.text).toContain('F-001');
    expect(firm.text).not.toContain('F-002');
  }, 300_000);

  it('never repeats a send that may have left, retries one that surely did not, and sends once per day', async () => {
    rig = await startRig(env, {});
    const r = rig;
    // day 2 (prevention): the SMTP server refuses DATA once → 'failed', retried, sent once
    // day 6 (J+1): the worker crashes after the server accepted → the retry finds the intent: 'ambiguous', not resent
    await play(r, 7, async (_asOf, day) => {
      if (day === 2) r.smtp.rejectNext(1, 'data', 451);
      if (day === 6) r.crashAfterAccepted.remaining = 1;
    });
    expect(await sends(r)).toEqual([
      [2, 'j-3', 'email', 'sent'],
      [6, 'j+1', 'email', 'ambiguous'],
    ]);
    expect(r.smtp.messages.map((m) => m.headers['x-encours-step'])).toEqual(['j-3', 'j+1']);
    // the same day again: nothing new
    const again = await r.runDay(addDays(r.start, 6));
    expect(again.actions).toBe(0);
    expect(r.smtp.messages).toHaveLength(2);
  }, 300_000);

  it('hears about a promise, a dispute and a pause made through the API', async () => {
    rig = await startRig(env, {});
    const r = rig;
    await play(r, 7);
    const app = await buildApp({
      db: r.db,
      config: r.config,
      log: createSilentLog(),
      version: 'test',
      access: {
        ops: r.ops,
        collections: createCollectionSignals(env.client, r.taskQueue, createSilentLog()),
      },
    });
    try {
      const admin = await insertUser(r.ops, {
        email: 'ada@example.com',
        name: 'Ada',
        role: 'admin',
        password_hash: null,
      });
      const token = createSecretToken();
      await insertApiToken(r.ops, admin.id, hashToken(token));
      const post = (url: string, payload: object, method: 'POST' | 'PUT' = 'POST') =>
        app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
      const promised = await post('/api/customers/C1/promises', {
        amount: '2000.00',
        date: addDays(r.start, 40),
        companyId: 'ACME',
      });
      expect(promised.statusCode, promised.body).toBe(201);
      const disputed = await post('/api/customers/C1/disputes', { documentId: 'F-002', reason: 'damaged' });
      expect(disputed.statusCode, disputed.body).toBe(201);
      const paused = await post(
        '/api/customers/C1/reminders',
        { pausedUntil: addDays(r.start, 30), reason: 'call first' },
        'PUT',
      );
      expect(paused.statusCode, paused.body).toBeLessThan(300);
      const events = async () => ((await r.state())?.history ?? []).map((e) => e.kind);
      for (let i = 0; i < 100 && !(await events()).includes('pause'); i++)
        await new Promise((w) => setTimeout(w, 100));
      expect(await events()).toEqual(expect.arrayContaining(['promise', 'dispute', 'pause']));
      expect((await r.state())?.pausedUntil).toBe(addDays(r.start, 30));
    } finally {
      await app.close();
    }
  }, 300_000);
});
