// What the Reminders page reads from the API (api/routes/dunning-scenarios.ts, api/routes/dunning.ts).
export const PHASES = ['prevention', 'reminder', 'thanks'] as const;
export const CHANNELS = ['email', 'letter', 'call'] as const;
export const TEMPLATES = [
  'prevention',
  'reminder_friendly',
  'reminder_firm',
  'formal_notice',
  'final_notice',
  'call_script',
  'thanks',
] as const;
export const LOG_STATUSES = ['sent', 'ambiguous', 'failed', 'intent'] as const;

export type Phase = (typeof PHASES)[number];
export type Channel = (typeof CHANNELS)[number];
export type LogStatus = (typeof LOG_STATUSES)[number];

export interface ScenarioStep {
  id: string;
  phase: Phase;
  offset_days: number;
  channel: Channel;
  template: string;
  min_amount?: number;
  risk_classes?: string[];
  escalation?: boolean;
}

export interface Scenario {
  id: string;
  name: string;
  name_fr?: string;
  description?: string;
  manual_only?: boolean;
  min_gap_days: number;
  promise_grace_days: number;
  steps: ScenarioStep[];
}

export interface PlannedAction {
  customer_id: string;
  company_id: string;
  customer_name: string;
  scenario: string;
  step: string;
  phase: Phase;
  channel: Channel;
  documents: { document_id: string }[];
  amount: string;
  currency: string;
  reason: string;
  as_of: string;
  email: string | null;
}

export interface Preview extends PlannedAction {
  source: 'plan' | 'open_invoices';
  scenario_name: string;
  scenario_name_fr: string | null;
  subject: string;
  text: string;
  html: string;
  pdf_url: string | null;
}

export interface LogEntry {
  idempotency_key: string;
  company_id: string;
  customer_id: string;
  customer_name: string | null;
  scenario: string | null;
  step: string;
  channel: Channel;
  status: LogStatus;
  as_of: string | null;
  amount: string | null;
  currency: string | null;
  created_at: string;
  sent_at: string | null;
  documents: string[];
}

export interface OutboxFile {
  name: string;
  kind: 'email' | 'letter';
  size: number;
  modified: string;
  url: string;
  customer_id: string | null;
  customer_name: string | null;
  step: string | null;
  status: string | null;
}

export interface Controls {
  paused: boolean;
  pause_reason: string | null;
  max_messages_per_run: number;
  quiet_weekdays: number[];
  quiet_dates: string[];
  updated_at: string;
  updated_by: string;
}

export const customerHref = (id: string) => `/customers/${encodeURIComponent(id)}`;
