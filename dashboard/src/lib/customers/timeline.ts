// The customer's timeline as the card shows it: the API's events (comments, promises, disputes, reminders, changes)
// and the customer's payments, newest first, each with a label in the current language.
import { describeMethod, formatMoney } from '$lib/format.js';
import { t } from '$lib/i18n/locale.svelte.js';
import type { CustomerCard, TimelineEvent } from '$lib/types.js';

export interface TimelineItem {
  key: string;
  at: string;
  kind: TimelineEvent['kind'];
  actor: string;
  text: string;
  event: TimelineEvent | null;
  /** Payments are dated, not timed. */
  dateOnly: boolean;
}

export function buildTimelineItems(card: CustomerCard, names: ReadonlyMap<number, string>): TimelineItem[] {
  const events = card.timeline.map((event, i) => ({
    key: `${event.kind}-${event.id ?? i}-${event.at}`,
    at: event.at,
    kind: event.kind,
    actor: describeActor(event, names),
    text: describeEvent(event, card.currency),
    event,
    dateOnly: false,
  }));
  const payments = card.payments.map((p) => ({
    key: `payment-${p.company_id}-${p.payment_id}`,
    at: `${p.date}T23:59:59Z`,
    kind: 'payment' as const,
    actor: t('timeline.customer'),
    text: t('timeline.payment', {
      amount: formatMoney(p.amount, p.currency, 2),
      method: describeMethod(p.method),
    }),
    event: null,
    dateOnly: true,
  }));
  return [...events, ...payments].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

function describeActor(event: TimelineEvent, names: ReadonlyMap<number, string>): string {
  const author = event.data?.author;
  if (typeof author === 'string') return author;
  const actor = event.actor;
  if (actor === 'system') return t('timeline.system');
  if (actor.startsWith('portal:')) return t('timeline.portal');
  const id = /^user:(\d+)/.exec(actor)?.[1];
  if (id) return names.get(Number(id)) ?? t('timeline.user', { id });
  return actor;
}

function describeEvent(event: TimelineEvent, currency: string): string {
  const d = event.data ?? {};
  switch (event.kind) {
    case 'comment':
      return String(d.body ?? event.summary);
    case 'promise':
      return t('timeline.promise', {
        amount: formatMoney(String(d.amount ?? ''), currency, 2),
        date: String(d.promised_date ?? ''),
        status: t(`promise.${String(d.status ?? 'open')}` as 'promise.open'),
      });
    case 'dispute':
      return t('timeline.dispute', { document: String(d.document_id ?? ''), reason: String(d.reason ?? '') });
    case 'dispute_closed':
      return t('timeline.disputeClosed', { status: String(d.status ?? '') });
    case 'reminder':
      return t('timeline.reminder', {
        step: String(d.step ?? ''),
        channel: String(d.channel ?? ''),
        status: String(d.status ?? ''),
      });
    default:
      return event.summary;
  }
}
