import type { Warehouse } from '../db.js';

/** Customers whose class went from one class to another between two scoring dates, and their exposure at the later. */
export interface MigrationCell {
  from_class: string;
  to_class: string;
  customers: number;
  exposure: number;
}

/**
 * The group-level scoring dates (marts.customer_scores, company_id '*') to compare: the latest on or before `from` and
 * the latest on or before `to`. Without `to`: the latest scoring date; without `from`: the latest one before `to`'s
 * (the same date when there is only one). Both null when nothing qualifies.
 */
export async function findMigrationDates(
  db: Warehouse,
  asked: { from?: string; to?: string },
): Promise<{ from: string | null; to: string | null }> {
  const [to] = await db.all<{ as_of: string | null }>(
    `select max(as_of)::varchar as as_of from marts.customer_scores
     where company_id = '*' and ($1::date is null or as_of <= $1::date)`,
    [asked.to ?? null],
  );
  const toDate = to?.as_of ?? null;
  if (toDate === null) return { from: null, to: null };
  const [from] = asked.from
    ? await db.all<{ as_of: string | null }>(
        `select max(as_of)::varchar as as_of from marts.customer_scores where company_id = '*' and as_of <= $1::date`,
        [asked.from],
      )
    : await db.all<{ as_of: string | null }>(
        `select coalesce(max(as_of), $1::date)::varchar as as_of from marts.customer_scores
         where company_id = '*' and as_of < $1::date`,
        [toDate],
      );
  const fromDate = from?.as_of ?? null;
  return fromDate === null ? { from: null, to: null } : { from: fromDate, to: toDate };
}

/** Customers scored at both dates, counted per (class at `from`, class at `to`), with their open amount at `to`. */
export async function readClassMigration(db: Warehouse, from: string, to: string): Promise<MigrationCell[]> {
  const rows = await db.all<{
    from_class: string;
    to_class: string;
    customers: number | bigint;
    exposure: number | null;
  }>(
    `select f.risk_class as from_class, t.risk_class as to_class, count(*)::integer as customers,
            coalesce(sum(t.open_amount), 0)::double as exposure
     from marts.customer_scores f
     join marts.customer_scores t on t.customer_id = f.customer_id and t.company_id = '*' and t.as_of = $2::date
     where f.company_id = '*' and f.as_of = $1::date
     group by 1, 2 order by 1, 2`,
    [from, to],
  );
  return rows.map((r) => ({
    from_class: r.from_class,
    to_class: r.to_class,
    customers: Number(r.customers),
    exposure: Number(r.exposure ?? 0),
  }));
}
