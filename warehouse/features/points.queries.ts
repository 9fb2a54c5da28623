import type { Session } from './session.js';
import { sqlDate } from './session.js';

/** Columns every f_points table has (see computeFeatures). */
const POINT_COLUMNS = `company_id, document_id, customer_id, known_before, issue_date, due_date, amount * rate as amount_rc,
  rate, currency, delivery`;

export interface Sample {
  /** Keep at most this many points, drawn by a seeded hash (the same seed keeps the same points). */
  maxRows: number;
  seed: number;
}

/**
 * f_points at each invoice's issue date (features as known when it was issued), for invoices matching `where`
 * (SQL over f_invoices columns). Labels: days_late, settled_date. Point ids follow issue date order.
 */
export async function createIssuePoints(
  session: Session,
  where: string,
  sample?: Sample,
): Promise<{ n: number; sampled: boolean }> {
  const keep = sample
    ? await sampleFilter(session, `from f_invoices where ${where}`, sample, 'document_id')
    : 'true';
  await session.run(`
    create or replace temp table f_points as
    with chosen as (
      select *, issue_date as known_before, 1.0 as open_frac, amount as open_amount
      from f_invoices where (${where}) and ${keep}
    )
    select (row_number() over (order by issue_date, company_id, document_id) - 1)::integer as point_id,
           ${POINT_COLUMNS}, open_frac, open_amount, days_late, settled_date
    from chosen`);
  return { n: await countPoints(session), sampled: keep !== 'true' };
}

/** f_points for the invoices open at the end of `asOf` (amount - allocations dated <= asOf > 0), seen at asOf + 1. */
export async function createOpenPoints(session: Session, asOf: string): Promise<number> {
  const d = sqlDate(asOf);
  await session.run(`
    create or replace temp table f_points as
    with allocated as (
      select company_id, document_id, sum(amount) as allocated from f_allocations where date <= ${d} group by all
    ),
    chosen as (
      select i.*, ${d} + 1 as known_before, i.amount - coalesce(a.allocated, 0) as open_amount,
             (i.amount - coalesce(a.allocated, 0)) / i.amount as open_frac
      from f_invoices i left join allocated a using (company_id, document_id)
      where i.issue_date <= ${d} and i.amount - coalesce(a.allocated, 0) > 0.005
    )
    select (row_number() over (order by company_id, document_id) - 1)::integer as point_id,
           ${POINT_COLUMNS}, open_frac, open_amount, days_late, settled_date
    from chosen`);
  return countPoints(session);
}

/**
 * f_points for a hypothetical next invoice of every customer invoiced before asOf + 1: the attributes of its latest
 * invoice (company, currency, delivery, amount, terms), issued on asOf + 1. Used to score customers on history alone.
 */
export async function createNextInvoicePoints(session: Session, asOf: string): Promise<number> {
  const d = sqlDate(asOf);
  await session.run(`
    create or replace temp table f_points as
    with latest as (
      select * from f_invoices where issue_date <= ${d}
      qualify row_number() over (partition by customer_id order by issue_date desc, company_id desc, document_id desc) = 1
    ),
    chosen as (
      select company_id, '~next' as document_id, customer_id, ${d} + 1 as known_before, ${d} + 1 as issue_date,
             ${d} + 1 + (due_date - issue_date)::integer as due_date, amount, rate, currency, delivery,
             1.0 as open_frac, amount as open_amount, null::integer as days_late, null::date as settled_date
      from latest
    )
    select (row_number() over (order by customer_id) - 1)::integer as point_id,
           ${POINT_COLUMNS}, open_frac, open_amount, days_late, settled_date
    from chosen`);
  return countPoints(session);
}

async function countPoints(session: Session): Promise<number> {
  const [row] = await session.all<{ n: string }>('select count(*) as n from f_points');
  return Number(row?.n ?? 0);
}

/** A deterministic filter keeping about maxRows of the rows of `from`, by a hash of the key and the seed. */
export async function sampleFilter(
  session: Session,
  from: string,
  sample: Sample,
  key: string,
): Promise<string> {
  const [row] = await session.all<{ n: string }>(`select count(*) as n ${from}`);
  const total = Number(row?.n ?? 0);
  if (total <= sample.maxRows) return 'true';
  const modulus = 1_000_003;
  const threshold = Math.floor((sample.maxRows / total) * modulus);
  return `(hash(${key}, company_id, ${Math.trunc(sample.seed)}) % ${modulus}) < ${threshold}`;
}
