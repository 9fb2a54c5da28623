import type { AuditEntry } from '../../../warehouse/ops/audit-log.table.js';
import type { Dispute } from '../../../warehouse/ops/disputes.table.js';
import type { DunningLogEntry } from '../../../warehouse/ops/dunning-log.table.js';
import type { PaymentPromise } from '../../../warehouse/ops/promises.table.js';

export interface TimelineEvent {
  at: Date;
  kind: 'comment' | 'promise' | 'dispute' | 'dispute_closed' | 'reminder' | 'change';
  /** 'user:<id> <name>' style actor, 'portal:<customer>' or 'system'. */
  actor: string;
  summary: string;
  id: string | null;
  data?: Record<string, unknown>;
}

export interface TimelineSources {
  comments: {
    id: number;
    body: string;
    created_at: Date;
    author_id: number;
    author_name: string;
    document_id: string | null;
    mentions: number[];
  }[];
  promises: PaymentPromise[];
  disputes: Dispute[];
  reminders: DunningLogEntry[];
  changes: AuditEntry[];
}

/** Everything that happened to a customer, newest first: comments, promises, disputes, reminders, settings changes. */
export function buildTimeline(s: TimelineSources): TimelineEvent[] {
  const events: TimelineEvent[] = [
    ...s.comments.map((c) => ({
      at: c.created_at,
      kind: 'comment' as const,
      actor: `user:${c.author_id}`,
      summary: `${c.author_name}: ${c.body}`,
      id: String(c.id),
      data: { body: c.body, author: c.author_name, document_id: c.document_id, mentions: c.mentions },
    })),
    ...s.promises.map((p) => ({
      at: p.created_at,
      kind: 'promise' as const,
      actor: p.created_by,
      summary: `promise to pay ${p.amount} by ${p.promised_date} (${p.status})`,
      id: String(p.id),
      data: {
        amount: p.amount,
        promised_date: p.promised_date,
        status: p.status,
        document_ids: p.document_ids,
        company_id: p.company_id,
      },
    })),
    ...s.disputes.flatMap((d) => [
      {
        at: d.opened_at,
        kind: 'dispute' as const,
        actor: openedBy(d, s.changes),
        summary: `dispute on ${d.document_id}: ${d.reason}`,
        id: String(d.id),
        data: { document_id: d.document_id, company_id: d.company_id, reason: d.reason, status: d.status },
      },
      ...(d.resolved_at
        ? [
            {
              at: d.resolved_at,
              kind: 'dispute_closed' as const,
              actor: closedBy(d, s.changes),
              summary: `dispute on ${d.document_id} ${d.status}`,
              id: String(d.id),
              data: { status: d.status },
            },
          ]
        : []),
    ]),
    ...s.reminders.map((r) => ({
      at: r.sent_at ?? r.created_at,
      kind: 'reminder' as const,
      actor: 'system',
      summary: `reminder ${r.step} by ${r.channel} (${r.status})`,
      id: r.idempotency_key,
      data: { step: r.step, channel: r.channel, status: r.status, company_id: r.company_id },
    })),
    ...s.changes
      .filter((c) => c.entity === 'customer')
      .map((c) => ({
        at: c.at,
        kind: 'change' as const,
        actor: c.actor,
        summary: describeChange(c),
        id: String(c.id),
        data: { before: c.before, after: c.after },
      })),
  ];
  return events.sort((a, b) => b.at.getTime() - a.at.getTime());
}

function openedBy(d: Dispute, changes: AuditEntry[]): string {
  return (
    changes.find((c) => c.entity === 'dispute' && c.entity_id === String(d.id) && c.action === 'create')
      ?.actor ?? 'system'
  );
}

function closedBy(d: Dispute, changes: AuditEntry[]): string {
  return (
    changes.find((c) => c.entity === 'dispute' && c.entity_id === String(d.id) && c.action === 'resolve')
      ?.actor ?? 'system'
  );
}

function describeChange(c: AuditEntry): string {
  const after = c.after ?? {};
  const parts = Object.entries(after)
    .filter(([key]) => !['updated_at', 'updated_by', 'customer_id', 'over_limit_since'].includes(key))
    .filter(([key, value]) => JSON.stringify(c.before?.[key] ?? null) !== JSON.stringify(value))
    .map(([key, value]) => `${key} → ${value === null ? 'none' : String(value)}`);
  return `${c.action}: ${parts.join(', ') || 'no visible change'}`;
}
