// The reminder engine end to end on Temporal's time-skipping test server: a real warehouse with a small ledger, the
// real plan, the collection workflow on a worker, and email through a real SMTP listener on loopback.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { addDays } from '../../lib/dates.js';
import { createSilentLog } from '../../lib/log.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import type { Warehouse } from '../../warehouse/db.js';
import { createOpsDb, type OpsDb } from '../../warehouse/ops/database.js';
import { updateDunningControls } from '../../warehouse/ops/dunning-controls.queries.js';
import { createCollectionActivities } from '../../workflows/collection/activities.js';
import { collectionWorkflowId, type CollectionStateView } from '../../workflows/collection/definitions.js';
import { createDunningMailer } from '../../workflows/dunning/channels/mailer.js';
import { createDeliveryChannels } from '../../workflows/dunning/execution/channels.js';
import { runDunning, type RunDunningResult } from '../../workflows/dunning/execution/run.js';
import { assignCustomerScenario, saveScenario } from '../../workflows/dunning/index.js';
import { createMessageContextLoader } from '../../workflows/dunning/channels/load-message-context.js';
import type { Scenario } from '../../workflows/dunning/types.js';
import { installTemporalRuntime } from '../../workflows/runtime.js';
import { loadConfig, type Config } from '../../lib/config.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { makeTempDir, uniqueTaskQueue } from '../pipeline/harness.js';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener.js';

export const log = createSilentLog();

/** Due date + offsets: J-3 prevention, J+1, J+10 emails, J+20 formal notice letter, J+30 call, J+45 final notice. */
export const SCENARIO: Scenario = {
  id: 'test60',
  name: 'Sixty days',
  min_gap_days: 2,
  promise_grace_days: 2,
  steps: [
    { id: 'j-3', phase: 'prevention', offset_days: -3, channel: 'email', template: 'prevention' },
    { id: 'j+1', phase: 'reminder', offset_days: 1, channel: 'email', template: 'reminder_friendly' },
    { id: 'j+10', phase: 'reminder', offset_days: 10, channel: 'email', template: 'reminder_firm' },
    {
      id: 'j+20',
      phase: 'reminder',
      offset_days: 20,
      channel: 'letter',
      template: 'formal_notice',
      escalation: true,
    },
    { id: 'j+30', phase: 'reminder', offset_days: 30, channel: 'call', template: 'call_script' },
    {
      id: 'j+45',
      phase: 'reminder',
      offset_days: 45,
      channel: 'letter',
      template: 'final_notice',
      escalation: true,
    },
    { id: 'thanks', phase: 'thanks', offset_days: 0, channel: 'email', template: 'thanks' },
  ],
};

export interface LedgerPlan {
  /** The first day of the test (the test server's date); invoices fall due 5 days later. */
  start: string;
  /** Day offsets from start of payments of the whole balance, if any. */
  paidOnDay?: number;
}

function testServerPath(): string {
  const script = join(import.meta.dirname, '..', '..', 'scripts', 'setup', 'temporal-test-server.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop()!;
}

export async function startEnvironment(): Promise<TestWorkflowEnvironment> {
  installTemporalRuntime(log);
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Two invoices of customer C1 (FR), due start + 5; with `paidOnDay`, one payment settling both that day. */
export function writeLedger(dir: string, plan: LedgerPlan): string {
  mkdirSync(dir, { recursive: true });
  const due = addDays(plan.start, 5);
  writeFileSync(
    join(dir, 'customers.csv'),
    'customer_id,name,country,email,payment_terms\nC1,Boulangerie Dupont & Fils,FR,compta@dupont.example,30\n' +
      'C2,Other Ltd,GB,ap@other.example,30\n',
  );
  writeFileSync(
    join(dir, 'invoices.csv'),
    'document_id,customer_id,issue_date,due_date,amount,company_id\n' +
      `F-001,C1,${addDays(due, -30)},${due},1200.00,ACME\n` +
      `F-002,C1,${addDays(due, -30)},${due},800.00,ACME\n` +
      `F-900,C2,${addDays(plan.start, -400)},${addDays(plan.start, -370)},50.00,ACME\n`,
  );
  const paid = plan.paidOnDay === undefined ? null : addDays(plan.start, plan.paidOnDay);
  writeFileSync(
    join(dir, 'payments.csv'),
    'payment_id,customer_id,date,amount,company_id\n' +
      `P-900,C2,${addDays(plan.start, -380)},50.00,ACME\n` +
      (paid ? `P-001,C1,${paid},2000.00,ACME\n` : ''),
  );
  writeFileSync(
    join(dir, 'allocations.csv'),
    'source_id,document_id,amount\nP-900,F-900,50.00\n' +
      (paid ? 'P-001,F-001,1200.00\nP-001,F-002,800.00\n' : ''),
  );
  return dir;
}

export interface Rig {
  env: TestWorkflowEnvironment;
  config: Config;
  db: Warehouse;
  ops: OpsDb;
  smtp: SmtpListener;
  worker: Worker;
  running: Promise<void>;
  taskQueue: string;
  start: string;
  /** Makes the next successful sends throw after the server accepted them (a crash before the log says 'sent'). */
  crashAfterAccepted: { remaining: number };
  /** Runs the day's dunning (the nightly stage) for `asOf`, then waits until the collection is idle again. */
  runDay(asOf: string): Promise<RunDunningResult>;
  state(customerId?: string): Promise<CollectionStateView | undefined>;
  close(): Promise<void>;
}

export async function startRig(env: TestWorkflowEnvironment, plan: Omit<LedgerPlan, 'start'>): Promise<Rig> {
  const home = makeTempDir('dunning');
  const smtp = await startSmtpListener();
  const config = loadConfig({ ENCOURS_HOME: home, HOME: home, SMTP_URL: smtp.url });
  const db = await openWarehouse(config);
  const ops = createOpsDb(db);
  const start = isoDay(await env.currentTimeMs());
  await importCanonical(db, writeLedger(join(home, 'ledger'), { ...plan, start }));
  await saveScenario(ops, SCENARIO, 'test');
  await assignCustomerScenario(ops, 'C1', { scenarioId: SCENARIO.id, reason: 'test scenario' }, 'test');
  await updateDunningControls(ops, { quiet_weekdays: [], updated_by: 'test' });
  const crashAfterAccepted = { remaining: 0 };
  const mailer = createDunningMailer({
    smtpUrl: smtp.url,
    outboxDir: config.outboxDir,
    from: 'ACME <ar@acme.example>',
  });
  const channels = createDeliveryChannels({
    ops,
    mailer,
    outboxMode: false,
    outboxDir: config.outboxDir,
    loadContext: createMessageContextLoader({
      warehouse: db,
      ops,
      sender: 'ACME Recouvrement <ar@acme.example>',
      portalSecret: Buffer.from('test-secret-test-secret-test-secret'),
      publicUrl: config.publicUrl,
    }),
  });
  const taskQueue = uniqueTaskQueue('dunning');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: join(import.meta.dirname, '..', '..', 'workflows', 'workflows.ts'),
    activities: createCollectionActivities({
      db,
      ops,
      channels,
      log,
      afterAccepted: () => {
        if (crashAfterAccepted.remaining > 0) {
          crashAfterAccepted.remaining -= 1;
          throw new Error('worker crashed after the SMTP server accepted the message');
        }
      },
    }),
  });
  const running = worker.run();
  const handleOf = (customerId: string) =>
    env.client.workflow.getHandle(collectionWorkflowId('ACME', customerId, `@${taskQueue}`));
  const state = async (customerId = 'C1') => {
    try {
      const handle = handleOf(customerId);
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING')
        return { ...(await handle.result()), status: 'completed' as const };
      return await handle.query<CollectionStateView>('state');
    } catch (error) {
      if ((error as Error).name === 'WorkflowNotFoundError') return undefined;
      throw error;
    }
  };
  const waitIdle = async (asOf: string) => {
    for (let i = 0; i < 300; i++) {
      const view = await state();
      if (!view) return;
      const seen = view.history.some((e: { at: string }) => e.at === asOf);
      if (view.status === 'completed' || (seen && view.queued.length === 0 && view.status !== 'working'))
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the collection of C1 did not settle on ${asOf}`);
  };
  return {
    env,
    config,
    db,
    ops,
    smtp,
    worker,
    running,
    taskQueue,
    start,
    crashAfterAccepted,
    async runDay(asOf) {
      const result = await runDunning({ db, ops, client: env.client, taskQueue, log }, { asOf });
      if (result.signalled + result.payments > 0) await waitIdle(asOf);
      return result;
    },
    state,
    async close() {
      // a collection left running keeps timers on a queue nobody polls once the worker is gone, and the test server
      // does not skip time over a workflow task it cannot hand out: end them first
      for (const customerId of ['C1', 'C2']) {
        await handleOf(customerId)
          .terminate('test over')
          .catch(() => undefined);
      }
      worker.shutdown();
      await running.catch(() => undefined);
      await ops.destroy();
      db.close();
      await smtp.close();
    },
  };
}
