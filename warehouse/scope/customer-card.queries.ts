import type { Warehouse } from '../db.js';
import { memoize, readMemo } from './memo.js';
import { SHADOW_CATALOG } from './scoped-session.js';
import { quoteIdent } from './sql-runner.js';

/** core.customers as the card shows it (money as exact strings). */
export interface CustomerIdentity {
  customer_id: string;
  name: string;
  country: string | null;
  currency: string | null;
  segment: string | null;
  payment_terms: string | null;
  credit_limit: string | null;
  email: string | null;
  phone: string | null;
  owner: string | null;
  agency: string | null;
  group_id: string | null;
  insured: boolean;
  factored: boolean;
}

/** The customer if the warehouse shows it (in a scoped session: only when it is in the caller's scope). */
export async function findCustomer(db: Warehouse, customerId: string): Promise<CustomerIdentity | undefined> {
  const [row] = await db.all<CustomerIdentity>(
    `select customer_id, name, country, currency, segment, payment_terms, credit_limit::varchar as credit_limit, email, phone,
            owner, agency, group_id, insured, factored
     from core.customers where customer_id = $1`,
    [customerId],
  );
  return row;
}

export interface CustomerAging {
  currency: string;
  not_due: string;
  days_1_30: string;
  days_31_60: string;
  days_61_90: string;
  days_over_90: string;
  unapplied: string;
  net_ar: string;
}

/**
 * The customer's aged balance as of a date: one row per currency (as is) and a total converted into the reporting
 * currency at the latest rate on or before the date (marts.fx_rates_at). Callers check rates first.
 * The buckets are those of marts.aging (04_aging.sql), over the customer's movements that count at the date:
 * marts.ar_movements is stored by closed year then customer, so the customer's rows are a few row groups (2 ms at
 * 1M invoices, where the movements of every customer counted at the date first cost 18 ms).
 */
export async function readCustomerAging(
  db: Warehouse,
  customerId: string,
  asOf: string,
): Promise<{ byCurrency: CustomerAging[]; total: CustomerAging }> {
  const rows = await db.all<CustomerAging & { is_total: boolean }>(
    `with counted as (
       select currency, due_date, amount from marts.ar_movements
       where customer_id = $2 and effective_date <= $1::date and (closed_date is null or closed_date > $1::date)
     ),
     aged as (
       select currency,
              coalesce(sum(amount) filter (where due_date >= $1::date), 0) as not_due,
              coalesce(sum(amount) filter (where due_date between $1::date - 30 and $1::date - 1), 0) as days_1_30,
              coalesce(sum(amount) filter (where due_date between $1::date - 60 and $1::date - 31), 0) as days_31_60,
              coalesce(sum(amount) filter (where due_date between $1::date - 90 and $1::date - 61), 0) as days_61_90,
              coalesce(sum(amount) filter (where due_date <= $1::date - 91), 0) as days_over_90,
              coalesce(sum(amount) filter (where due_date is null), 0) as unapplied,
              sum(amount) as net_ar
       from counted group by currency
     ),
     converted as (
       select a.*, coalesce(r.rate, 1) as rate from aged a left join marts.fx_rates_at([$1::date]) r using (currency)
     ),
     final as (
       select currency, false as is_total, not_due, days_1_30, days_31_60, days_61_90, days_over_90, unapplied, net_ar from converted
       union all
       select main.reporting_currency(), true, sum(not_due * rate), sum(days_1_30 * rate), sum(days_31_60 * rate),
              sum(days_61_90 * rate), sum(days_over_90 * rate), sum(unapplied * rate), sum(net_ar * rate)
       from converted
     )
     select currency, is_total,
            round(coalesce(not_due, 0), 2)::decimal(18,2)::varchar as not_due, round(coalesce(days_1_30, 0), 2)::decimal(18,2)::varchar as days_1_30,
            round(coalesce(days_31_60, 0), 2)::decimal(18,2)::varchar as days_31_60, round(coalesce(days_61_90, 0), 2)::decimal(18,2)::varchar as days_61_90,
            round(coalesce(days_over_90, 0), 2)::decimal(18,2)::varchar as days_over_90, round(coalesce(unapplied, 0), 2)::decimal(18,2)::varchar as unapplied,
            round(coalesce(net_ar, 0), 2)::decimal(18,2)::varchar as net_ar
     from final order by is_total, currency`,
    [asOf, customerId],
  );
  const strip = ({ is_total: _t, ...row }: CustomerAging & { is_total: boolean }) => row;
  return {
    byCurrency: rows.filter((r) => !r.is_total).map(strip),
    total: strip(rows.find((r) => r.is_total)!),
  };
}

export interface OpenItem {
  company_id: string;
  document_id: string;
  reference: string | null;
  currency: string;
  issue_date: string;
  due_date: string;
  amount: string;
  open_amount: string;
  days_past_due: number;
  bucket: 'not_due' | 'days_1_30' | 'days_31_60' | 'days_61_90' | 'days_over_90';
  disputed: boolean;
}

/**
 * The customer's invoices still open as of a date, oldest due first, with their aging bucket: the open amounts from
 * the customer's rows of marts.ar_movements (a few row groups, see readCustomerAging) with the invoice's dates and
 * amount, its reference and dispute flag from a memo of the scope's invoices sorted by customer (memo.ts, once per data version), where
 * finding them in core.documents read every document's customer (28 ms CPU at 1M invoices).
 */
export async function readOpenItems(db: Warehouse, customerId: string, asOf: string): Promise<OpenItem[]> {
  // the invoice's own row carries its issue date, due date and amount (core.documents' own)
  const open = await db.all<{
    company_id: string;
    document_id: string;
    currency: string;
    open_amount: string;
    issue_date: string;
    due_date: string;
    amount: string;
  }>(
    `select company_id, item_id as document_id, currency, sum(amount)::varchar as open_amount,
            any_value(item_date)::varchar as issue_date, any_value(due_date)::varchar as due_date,
            (sum(amount) filter (where kind = 'invoice'))::varchar as amount
     from marts.ar_movements
     where customer_id = $2 and item_type = 'invoice' and effective_date <= $1::date
       and (closed_date is null or closed_date > $1::date)
     group by company_id, item_id, currency having sum(amount) <> 0`,
    [asOf, customerId],
  );
  if (open.length === 0) return [];
  const key = await memoize(
    db,
    'memo_card_invoices',
    ['invoices'],
    `select customer_id, company_id, document_id, reference, disputed
     from core.documents where type = 'invoice' order by customer_id`,
  );
  return readMemo<OpenItem>(
    db,
    `with open as (
       select o.company_id, o.document_id, o.currency, o.open_amount::decimal(38,2) as open_amount,
              o.issue_date::date as issue_date, o.due_date::date as due_date, o.amount::decimal(18,2) as amount
       from (select unnest(from_json($4, '[{"company_id":"VARCHAR","document_id":"VARCHAR","currency":"VARCHAR","open_amount":"VARCHAR","issue_date":"VARCHAR","due_date":"VARCHAR","amount":"VARCHAR"}]')) as o)
     )
     select o.company_id, o.document_id, d.reference, o.currency, o.issue_date::varchar as issue_date, o.due_date::varchar as due_date,
            o.amount::varchar as amount, o.open_amount::decimal(18,2)::varchar as open_amount,
            ($1::date - o.due_date)::integer as days_past_due,
            case when o.due_date >= $1::date then 'not_due' when o.due_date >= $1::date - 30 then 'days_1_30'
                 when o.due_date >= $1::date - 60 then 'days_31_60' when o.due_date >= $1::date - 90 then 'days_61_90'
                 else 'days_over_90' end as bucket,
            d.disputed
     from open o join ${quoteIdent(SHADOW_CATALOG)}.main.memo_card_invoices d using (company_id, document_id)
     where d.memo_key = $3 and d.customer_id = $2
     order by o.due_date, o.company_id, o.document_id`,
    [asOf, customerId, key, JSON.stringify(open)],
  );
}

export interface CustomerPayment {
  company_id: string;
  payment_id: string;
  date: string;
  amount: string;
  currency: string;
  method: string;
  allocated: string;
}

/**
 * The customer's latest payments with the part allocated to documents. Every payment of the scope is read once per
 * data version into a memo table sorted by customer (memo.ts; 1.5 s CPU for 890 000 payments in the whole group, far
 * less for a portfolio), then the customer's rows are a few row groups: one card alone read all payments and
 * allocations (48 ms CPU, 113 in a limited scope, whose allocations are those of its documents).
 */
export async function readPayments(
  db: Warehouse,
  customerId: string,
  limit = 100,
): Promise<CustomerPayment[]> {
  const key = await memoize(
    db,
    'memo_card_payments',
    ['payments'],
    `select p.customer_id, p.company_id, p.payment_id, p.date, p.amount, p.currency, p.method,
            coalesce(a.allocated, 0)::decimal(18,2) as allocated
     from core.payments p
     left join (
       select company_id, source_id, sum(amount) as allocated from core.allocations where source_type = 'payment' group by all
     ) a on a.company_id = p.company_id and a.source_id = p.payment_id
     order by p.customer_id, p.date desc, p.payment_id`,
  );
  return readMemo<CustomerPayment>(
    db,
    `select company_id, payment_id, date::varchar as date, amount::varchar as amount, currency, method,
            allocated::varchar as allocated
     from ${quoteIdent(SHADOW_CATALOG)}.main.memo_card_payments where memo_key = $1 and customer_id = $2
     order by date desc, payment_id limit $3`,
    [key, customerId, limit],
  );
}

export interface ScorePoint {
  as_of: string;
  risk_class: string;
  model_class: string;
  overridden: boolean;
  profile: string;
  p_late: number | null;
  expected_days_late: number | null;
  reasons: unknown;
}

/** The customer's group-level risk classes and payer profiles over time (marts.customer_scores), oldest first. */
export function readScoreHistory(db: Warehouse, customerId: string): Promise<ScorePoint[]> {
  return db.all<ScorePoint>(
    `select as_of::varchar as as_of, risk_class, model_class, overridden, profile, p_late, expected_days_late, reasons
     from marts.customer_scores where customer_id = $1 and company_id = '*' order by as_of`,
    [customerId],
  );
}

/** The companies the customer has documents or payments in. */
export async function listCustomerCompanies(db: Warehouse, customerId: string): Promise<string[]> {
  const rows = await db.all<{ company_id: string }>(
    `select company_id from core.documents where customer_id = $1 union select company_id from core.payments where customer_id = $1 order by 1`,
    [customerId],
  );
  return rows.map((r) => r.company_id);
}

/** Which of these documents are the customer's (company, document, type). */
export function findCustomerDocuments(db: Warehouse, customerId: string, documentIds: readonly string[]) {
  return db.all<{ company_id: string; document_id: string; type: string; currency: string }>(
    `select company_id, document_id, type, currency from core.documents
     where customer_id = $1 and document_id in (select unnest(from_json($2, '["VARCHAR"]'))) order by company_id, document_id`,
    [customerId, JSON.stringify(documentIds)],
  );
}

/** Which of these customers the warehouse shows (a scoped session: those in scope), with their names. */
export async function findVisibleCustomers(
  db: Warehouse,
  customerIds: readonly string[],
): Promise<Map<string, string>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.all<{ customer_id: string; name: string }>(
    `select customer_id, name from core.customers where customer_id in (select unnest(from_json($1, '["VARCHAR"]')))`,
    [JSON.stringify([...new Set(customerIds)])],
  );
  return new Map(rows.map((r) => [r.customer_id, r.name]));
}
