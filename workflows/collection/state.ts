// The state of one customer's collection, kept in workflow memory. Workflow-safe: no Node imports.
import type { PlannedAction, PlannedDocument } from '../dunning/types.js';
import type { CarriedState, CollectionEvent, CollectionStateView } from './definitions.js';

const HISTORY_LIMIT = 50;
const DAY_MS = 86_400_000;

export class CollectionState {
  queue: PlannedAction[] = [];
  /** Set by signals that change what is owed (payment, promise, dispute, resume) and by timers: review first. */
  recheck = true;
  status: CollectionStateView['status'] = 'waiting';
  nextReview: string | null = null;
  lastReminder: PlannedAction | null;
  /** The status the day's plan sent with its actions (DayActions.status), for that date. */
  dayStatus: { asOf: string; overdue_amount: string; next_date: string | null } | null = null;
  pausedUntil: string | null;
  pauseReason: string | null;
  private asOf: string;
  private asOfAt: number;
  private readonly reminded = new Map<string, PlannedDocument>();
  private delivered: number;
  private ambiguous: number;
  private readonly history: CollectionEvent[];

  constructor(
    readonly companyId: string,
    readonly customerId: string,
    asOf: string,
    now: number,
    carried?: CarriedState,
  ) {
    this.asOf = carried?.asOf ?? asOf;
    this.asOfAt = carried?.asOfAt ?? now;
    this.delivered = carried?.delivered ?? 0;
    this.ambiguous = carried?.ambiguous ?? 0;
    this.pausedUntil = carried?.pausedUntil ?? null;
    this.pauseReason = carried?.pauseReason ?? null;
    this.history = [...(carried?.history ?? [])];
    this.lastReminder = carried?.lastReminder ?? null;
    for (const d of carried?.remindedDocuments ?? []) this.reminded.set(d.document_id, d);
  }

  /** The ledger date now: the last date given by a signal, plus the whole days elapsed since (workflow time). */
  today(now: number): string {
    const days = Math.max(0, Math.floor((now - this.asOfAt) / DAY_MS));
    const d = new Date(`${this.asOf}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  /** A signal brought a ledger date (the nightly's as-of, a payment's date): later dates move the clock. */
  advanceTo(asOf: string, now: number): void {
    if (asOf > this.today(now)) {
      this.asOf = asOf;
      this.asOfAt = now;
    }
  }

  /** Milliseconds from `now` until the ledger date `date` begins (at least one minute). */
  msUntil(date: string, now: number): number {
    const start = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${this.asOf}T00:00:00Z`);
    return Math.max(60_000, this.asOfAt + start - now);
  }

  record(at: string, kind: CollectionEvent['kind'], detail: string): void {
    this.history.push({ at, kind, detail });
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
  }

  /** Adds the day's actions, replacing any queued action of the same step and channel. */
  enqueue(actions: readonly PlannedAction[]): void {
    for (const action of actions) {
      this.queue = this.queue.filter((q) => !(q.channel === action.channel && q.step === action.step));
      this.queue.push(action);
    }
  }

  isPaused(today: string): boolean {
    if (this.pausedUntil === null) return false;
    if (this.pausedUntil === 'indefinite' || this.pausedUntil >= today) return true;
    this.pausedUntil = null;
    this.pauseReason = null;
    return false;
  }

  noteDelivery(action: PlannedAction, status: 'sent' | 'skipped' | 'ambiguous'): void {
    if (status === 'sent') this.delivered += 1;
    if (status === 'ambiguous') this.ambiguous += 1;
    if (action.phase === 'reminder' && status !== 'skipped') {
      for (const d of action.documents) this.reminded.set(d.document_id, d);
      this.lastReminder = action;
    }
  }

  remindedDocuments(): PlannedDocument[] {
    return [...this.reminded.values()];
  }

  historyLength(): number {
    return this.history.length;
  }

  carry(): CarriedState {
    return {
      asOf: this.asOf,
      asOfAt: this.asOfAt,
      remindedDocuments: this.remindedDocuments(),
      lastReminder: this.lastReminder,
      delivered: this.delivered,
      ambiguous: this.ambiguous,
      pausedUntil: this.pausedUntil,
      pauseReason: this.pauseReason,
      history: this.history.slice(-10),
    };
  }

  view(now: number): CollectionStateView {
    return {
      companyId: this.companyId,
      customerId: this.customerId,
      status: this.status,
      queued: this.queue.map((a) => ({
        step: a.step,
        channel: a.channel,
        documents: a.documents.map((d) => d.document_id),
      })),
      reminded: [...this.reminded.keys()],
      delivered: this.delivered,
      ambiguous: this.ambiguous,
      pausedUntil: this.pausedUntil,
      pauseReason: this.pauseReason,
      asOf: this.today(now),
      nextReview: this.nextReview,
      history: [...this.history],
    };
  }
}
