import type { Client } from '@temporalio/client';
import type { Log } from '../../../lib/log.js';
import type { Warehouse } from '../../../warehouse/db.js';
import { listCustomersPaidOn } from '../../../warehouse/dunning/settlement.queries.js';
import { appendAudit } from '../../../warehouse/ops/audit.queries.js';
import { insertNotification } from '../../../warehouse/ops/collaboration.queries.js';
import type { OpsDb } from '../../../warehouse/ops/database.js';
import { readDunningControls } from '../../../warehouse/ops/dunning-controls.queries.js';
import { listDunningCustomers } from '../../../warehouse/ops/dunning-log.queries.js';
import { listUsers } from '../../../warehouse/ops/users.queries.js';
import {
  COLLECTION_WORKFLOW,
  collectionWorkflowId,
  type CollectionInput,
  type DayActions,
} from '../../collection/definitions.js';
import { queueSuffix } from '../../names.js';
import { planDunningStates } from '../index.js';
import type { PlannedAction } from '../types.js';
import { isQuietDay } from './quiet-days.js';

export interface RunDunningDeps {
  db: Warehouse;
  ops: OpsDb;
  client: Client;
  taskQueue: string;
  log: Log;
}

export interface RunDunningResult {
  asOf: string;
  /** Planned actions (messages and call tasks) and the customers they concern. */
  actions: number;
  customers: number;
  /** Emails and letters in the plan (what the cap counts). */
  messages: number;
  /** Collection workflows signalled (started when not running) with the day's actions. */
  signalled: number;
  /** Running collections told about a payment dated asOf. */
  payments: number;
  /** Why nothing was signalled: the engine is paused, a quiet day, or the plan passed the cap. */
  held?: 'paused' | 'quiet_day' | 'over_cap';
  detail: string;
  /** The collection workflows signalled, when at most 2000 (a caller may wait for them to deliver). */
  workflowIds?: string[];
}

const MAX_LISTED_WORKFLOWS = 2000;

const PARALLEL_SIGNALS = 16;

/**
 * The day's reminders: the plan, checked against the engine's switches (global pause, quiet days, the cap on
 * messages per run), then one signal-with-start per customer of workflow `collection/<company>/<customer>`.
 */
export async function runDunning(
  deps: RunDunningDeps,
  options: { asOf: string; companyId?: string },
): Promise<RunDunningResult> {
  const { asOf } = options;
  const controls = await readDunningControls(deps.ops);
  const empty = { asOf, actions: 0, customers: 0, messages: 0, signalled: 0, payments: 0 };
  if (controls.paused) {
    return {
      ...empty,
      held: 'paused',
      detail: `reminders paused: ${controls.pause_reason ?? 'no reason given'}`,
    };
  }
  if (isQuietDay(asOf, controls))
    return { ...empty, held: 'quiet_day', detail: `${asOf} is a quiet day: no reminders` };
  const states = await planDunningStates(deps.db, deps.ops, { asOf, companyId: options.companyId });
  const actions = states.flatMap((s) => s.actions);
  const byCustomer = groupByCustomer(actions);
  const statusOf = new Map(
    states.map((s) => [
      `${s.company_id}\u0000${s.customer_id}`,
      { overdue_amount: s.overdue_amount, next_date: s.next_date },
    ]),
  );
  const messages = actions.filter((a) => a.channel !== 'call').length;
  const counts = { ...empty, actions: actions.length, customers: byCustomer.size, messages };
  if (messages > controls.max_messages_per_run) {
    const detail = await raiseCapAlert(deps, asOf, messages, controls.max_messages_per_run);
    return { ...counts, held: 'over_cap', detail };
  }
  const suffix = queueSuffix(deps.taskQueue);
  await forEachLimited([...byCustomer.values()], PARALLEL_SIGNALS, async (customerActions) => {
    const { company_id: companyId, customer_id: customerId } = customerActions[0]!;
    const input: CollectionInput = { companyId, customerId, asOf };
    const day: DayActions = {
      asOf,
      actions: customerActions,
      status: statusOf.get(`${companyId}\u0000${customerId}`),
    };
    await deps.client.workflow.signalWithStart(COLLECTION_WORKFLOW, {
      workflowId: collectionWorkflowId(companyId, customerId, suffix),
      taskQueue: deps.taskQueue,
      args: [input],
      signal: 'actions',
      signalArgs: [day],
    });
  });
  const payments = await signalPayments(deps, asOf, options.companyId, new Set(byCustomer.keys()));
  deps.log.info({ ...counts, signalled: byCustomer.size, payments }, 'dunning run signalled');
  const workflowIds = [...byCustomer.values()].map((a) =>
    collectionWorkflowId(a[0]!.company_id, a[0]!.customer_id, suffix),
  );
  return {
    ...counts,
    signalled: byCustomer.size,
    payments,
    ...(workflowIds.length <= MAX_LISTED_WORKFLOWS ? { workflowIds } : {}),
    detail: `${messages} message(s) and ${actions.length - messages} call task(s) for ${byCustomer.size} customer(s)`,
  };
}

function groupByCustomer(actions: readonly PlannedAction[]): Map<string, PlannedAction[]> {
  const groups = new Map<string, PlannedAction[]>();
  for (const action of actions) {
    const key = `${action.company_id}\u0000${action.customer_id}`;
    groups.set(key, [...(groups.get(key) ?? []), action]);
  }
  return groups;
}

/** Tells the running collections of customers with a payment dated asOf (and no action today) to look again. */
async function signalPayments(
  deps: RunDunningDeps,
  asOf: string,
  companyId: string | undefined,
  alreadySignalled: Set<string>,
): Promise<number> {
  const inCollection = await listDunningCustomers(deps.ops, companyId);
  if (inCollection.length === 0) return 0;
  const paid = await listCustomersPaidOn(deps.db, { asOf, companyId, customers: inCollection });
  const suffix = queueSuffix(deps.taskQueue);
  let told = 0;
  await forEachLimited(
    paid.filter((p) => !alreadySignalled.has(`${p.company_id}\u0000${p.customer_id}`)),
    PARALLEL_SIGNALS,
    async (p) => {
      const handle = deps.client.workflow.getHandle(
        collectionWorkflowId(p.company_id, p.customer_id, suffix),
      );
      try {
        await handle.signal('payment', { date: asOf, amount: p.amount, documentIds: p.document_ids });
        told += 1;
      } catch (error) {
        if ((error as Error).name !== 'WorkflowNotFoundError') throw error;
      }
    },
  );
  return told;
}

/** Nothing is sent: the admins are notified in the application and the audit log keeps the event. */
async function raiseCapAlert(
  deps: RunDunningDeps,
  asOf: string,
  messages: number,
  cap: number,
): Promise<string> {
  const detail =
    `the plan of ${asOf} has ${messages} messages, over the cap of ${cap} per run: nothing was sent. ` +
    'Review it (encours dunning plan) and raise the cap (encours dunning controls --cap N) if it is right.';
  const admins = (await listUsers(deps.ops)).filter((u) => u.role === 'admin' && !u.disabled);
  for (const admin of admins) {
    await insertNotification(deps.ops, {
      user_id: admin.id,
      kind: 'dunning_cap',
      entity: 'dunning_run',
      entity_id: asOf,
      message: detail,
    });
  }
  await appendAudit(deps.ops, {
    actor: 'system',
    action: 'hold',
    entity: 'dunning_run',
    entity_id: asOf,
    after: { messages, cap },
  });
  deps.log.error({ asOf, messages, cap }, 'dunning run held: over the cap of messages per run');
  return detail;
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
