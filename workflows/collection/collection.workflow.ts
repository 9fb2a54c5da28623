// One customer's collection: delivers the day's reminders the nightly plan signals, reacts to payments, promises,
// disputes and pauses, and completes (with a thank-you when the scenario has one) once nothing is overdue.
// Workflow code: deterministic, imports only @temporalio/workflow and types.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CollectionActivities } from './activities.js';
import {
  actionsSignal,
  disputeSignal,
  paymentSignal,
  pauseSignal,
  promiseSignal,
  resumeSignal,
  stateQuery,
  type CollectionInput,
  type CollectionStateView,
} from './definitions.js';
import { CollectionState } from './state.js';

const IDLE_REVIEW = 35 * 86_400_000;

const act = proxyActivities<CollectionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 6,
  },
});

export async function collectionWorkflow(input: CollectionInput): Promise<CollectionStateView> {
  const state = new CollectionState(input.companyId, input.customerId, input.asOf, Date.now(), input.carried);
  registerHandlers(state);
  for (;;) {
    const timeout = state.nextReview ? state.msUntil(state.nextReview, Date.now()) : IDLE_REVIEW;
    if (!(await condition(() => state.queue.length > 0 || state.recheck, timeout))) state.recheck = true;
    const today = state.today(Date.now());
    if (state.isPaused(today)) {
      holdWhilePaused(state, today);
      continue;
    }
    state.status = 'working';
    if (state.recheck && !(await review(state, today, false))) continue;
    const failures = await deliverQueue(state, today);
    const after = knownFromPlan(state, today) ? true : await review(state, today, true);
    if (failures > 0) {
      // what failed is offered again by tomorrow's plan, not retried in a loop today
      state.queue = [];
      state.nextReview = nextDay(today);
    }
    if (after === 'settled') break;
    if (workflowInfo().continueAsNewSuggested || state.historyLength() >= 50) {
      await condition(allHandlersFinished);
      await continueAsNew<(input: CollectionInput) => Promise<CollectionStateView>>({
        ...input,
        carried: state.carry(),
      });
    }
  }
  state.status = 'completed';
  return state.view(Date.now());
}

/**
 * Asks the warehouse where the customer stands on `today`: replaces the queue with the plan, records when to look
 * again, and sends the thank-you when the collection is over. Returns false when nothing may be sent today
 * (engine paused, quiet day), 'settled' when the collection is over, true otherwise.
 */
async function review(
  state: CollectionState,
  today: string,
  afterDelivery: boolean,
): Promise<boolean | 'settled'> {
  state.recheck = false;
  const result = await act.reviewCustomer({
    companyId: state.companyId,
    customerId: state.customerId,
    asOf: today,
    reminded: state.remindedDocuments(),
    lastReminder: state.lastReminder,
  });
  state.nextReview = result.nextReview;
  if (result.paused || result.sendableFrom > today) {
    state.queue = [];
    state.nextReview = result.paused ? nextDay(today) : result.sendableFrom;
    state.status = 'waiting';
    state.record(
      today,
      'review',
      result.paused ? 'engine paused: waiting' : `quiet day: waiting until ${result.sendableFrom}`,
    );
    return false;
  }
  if (result.settled) {
    if (result.thanks) {
      const outcome = await act.deliverReminder({ action: result.thanks });
      state.record(today, 'thanks', `${result.thanks.step}: ${outcome.status} (${outcome.reason})`);
    }
    state.record(today, 'review', 'nothing overdue nor due: collection complete');
    return 'settled';
  }
  if (!afterDelivery || result.actions.length > 0) state.queue = result.actions;
  state.status = 'waiting';
  return true;
}

async function deliverQueue(state: CollectionState, today: string): Promise<number> {
  let failures = 0;
  while (state.queue.length > 0) {
    const action = state.queue.shift()!;
    try {
      const outcome = await act.deliverReminder({ action });
      state.noteDelivery(action, outcome.status);
      state.record(
        today,
        'delivery',
        `${action.step} ${action.channel}: ${outcome.status} (${outcome.reason})`,
      );
    } catch (error) {
      // retries exhausted: the log says 'failed'; tomorrow's plan offers the step again
      log.warn('reminder delivery failed', { step: action.step, error: String(error) });
      state.record(today, 'delivery', `${action.step} ${action.channel}: failed (${String(error)})`);
      failures += 1;
    }
  }
  return failures;
}

/**
 * After delivering the day's actions, the plan that sent them already says whether anything is still overdue and when
 * to look again: no need to ask the warehouse once more, unless something changed since (a signal) or nothing is
 * overdue any more (then a full review decides on the thank-you and the end).
 */
function knownFromPlan(state: CollectionState, today: string): boolean {
  const status = state.dayStatus;
  if (state.recheck || !status || status.asOf !== today || !/[1-9]/.test(status.overdue_amount)) return false;
  state.nextReview = status.next_date;
  state.status = 'waiting';
  return true;
}

function holdWhilePaused(state: CollectionState, today: string): void {
  if (state.queue.length > 0)
    state.record(today, 'pause', `${state.queue.length} action(s) dropped while paused`);
  state.queue = [];
  state.recheck = false;
  state.status = 'paused';
  state.nextReview =
    state.pausedUntil === 'indefinite' || state.pausedUntil === null ? null : nextDay(state.pausedUntil);
}

function registerHandlers(state: CollectionState): void {
  const now = () => Date.now();
  setHandler(stateQuery, () => state.view(now()));
  setHandler(actionsSignal, ({ asOf, actions, status }) => {
    state.advanceTo(asOf, now());
    state.enqueue(actions);
    state.dayStatus = status ? { asOf, ...status } : null;
    state.record(asOf, 'actions', actions.map((a) => `${a.step} ${a.channel}`).join(', ') || 'none');
  });
  setHandler(paymentSignal, ({ date, amount, documentIds }) => {
    state.advanceTo(date, now());
    state.recheck = true;
    state.record(
      date,
      'payment',
      `${amount ?? 'payment'}${documentIds?.length ? ` on ${documentIds.join(', ')}` : ''}`,
    );
  });
  setHandler(promiseSignal, ({ date, amount }) => {
    state.recheck = true;
    state.record(state.today(now()), 'promise', `${amount} promised for ${date}`);
  });
  setHandler(disputeSignal, ({ documentId, status }) => {
    state.recheck = true;
    state.record(state.today(now()), 'dispute', `${documentId} ${status}`);
  });
  setHandler(pauseSignal, ({ until, reason }) => {
    state.pausedUntil = until ?? 'indefinite';
    state.pauseReason = reason;
    state.recheck = true;
    state.record(state.today(now()), 'pause', `${until ? `until ${until}` : 'until resumed'}: ${reason}`);
  });
  setHandler(resumeSignal, () => {
    state.pausedUntil = null;
    state.pauseReason = null;
    state.recheck = true;
    state.record(state.today(now()), 'resume', 'reminders resumed');
  });
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
