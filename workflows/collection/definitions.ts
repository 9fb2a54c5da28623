// Signals, queries and types of the per-customer collection workflow. Workflow-safe: no Node imports.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { PlannedAction, PlannedDocument } from '../dunning/types.js';

export const COLLECTION_WORKFLOW = 'collectionWorkflow';

/** `collection/<company>/<customer>` (plus `@<queue>` off the default queue, as for the nightly runs). */
export function collectionWorkflowId(companyId: string, customerId: string, suffix = ''): string {
  return `collection/${companyId}/${customerId}${suffix}`;
}

export interface CollectionInput {
  companyId: string;
  customerId: string;
  /** The ledger date the collection starts at (the plan's as-of date). */
  asOf: string;
  /** Carried over by continue-as-new. */
  carried?: CarriedState;
}

export interface CarriedState {
  /** The as-of date the collection had reached, and the workflow time (ms) it was reached at. */
  asOf: string;
  asOfAt: number;
  remindedDocuments: PlannedDocument[];
  lastReminder: PlannedAction | null;
  delivered: number;
  ambiguous: number;
  pausedUntil: string | null;
  pauseReason: string | null;
  history: CollectionEvent[];
}

export interface CollectionEvent {
  at: string;
  kind: 'actions' | 'payment' | 'promise' | 'dispute' | 'pause' | 'resume' | 'delivery' | 'review' | 'thanks';
  detail: string;
}

export interface CollectionStateView {
  companyId: string;
  customerId: string;
  status: 'waiting' | 'working' | 'paused' | 'completed';
  queued: { step: string; channel: string; documents: string[] }[];
  /** Invoices reminded by this workflow (phase reminder), thanked for when paid. */
  reminded: string[];
  delivered: number;
  ambiguous: number;
  pausedUntil: string | null;
  pauseReason: string | null;
  /** The ledger date the collection has reached. */
  asOf: string;
  nextReview: string | null;
  /** The latest events, newest last (at most 50). */
  history: CollectionEvent[];
}

export interface DayActions {
  asOf: string;
  actions: PlannedAction[];
  /**
   * Where the customer stands that day, from the same plan: lets the collection skip asking the warehouse again
   * after delivering (absent in histories recorded before it existed).
   */
  status?: { overdue_amount: string; next_date: string | null };
}

export const actionsSignal = defineSignal<[DayActions]>('actions');
export const paymentSignal =
  defineSignal<[{ date: string; amount?: string; documentIds?: string[] }]>('payment');
export const promiseSignal = defineSignal<[{ date: string; amount: string }]>('promise');
export const disputeSignal = defineSignal<[{ documentId: string; status: 'opened' | 'closed' }]>('dispute');
export const pauseSignal = defineSignal<[{ until?: string; reason: string }]>('pause');
export const resumeSignal = defineSignal<[]>('resume');
export const stateQuery = defineQuery<CollectionStateView>('state');
