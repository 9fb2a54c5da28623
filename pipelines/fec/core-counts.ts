import type { Warehouse } from '../../warehouse/db.js';
import type { EntityCounts } from '../load.js';

const SNAPSHOT = `
  with companies as (select distinct company_id from fec_load_years),
  allocations as (
    select company_id, source_type, source_id, document_id, date, sum(amount) as amount
    from core.allocations semi join companies using (company_id) where source = 'fec' group by all
  )
  select 'documents' as entity, hash(company_id, document_id) as key,
         hash(customer_id, type, issue_date, due_date, amount, currency) as hash
  from core.documents semi join companies using (company_id) where source = 'fec'
  union all
  select 'payments', hash(company_id, payment_id), hash(customer_id, date, amount, currency)
  from core.payments semi join companies using (company_id) where source = 'fec'
  union all
  select 'allocations', hash(company_id, source_type, source_id, document_id, date), hash(amount)
  from allocations`;
// DuckDB's hash() (64 bits) is enough here: both snapshots are taken by the same process, minutes apart.

/** Remembers the FEC documents, payments and allocations of the staged companies before the transforms. */
export async function snapshotCore(tx: Warehouse): Promise<void> {
  await tx.run(`create or replace temp table fec_core_before as ${SNAPSHOT}`);
}

/** New, changed and unchanged core rows of the staged companies since snapshotCore. */
export async function compareCore(tx: Warehouse): Promise<Record<string, EntityCounts>> {
  const rows = await tx.all<{ entity: string; inserted: string; updated: string; unchanged: string }>(
    `with after as (${SNAPSHOT})
     select a.entity, count(*) filter (b.key is null) as inserted,
            count(*) filter (b.hash <> a.hash) as updated, count(*) filter (b.hash = a.hash) as unchanged
     from after a left join fec_core_before b using (entity, key) group by all`,
  );
  await tx.run('drop table fec_core_before');
  const counts: Record<string, EntityCounts> = {};
  for (const entity of ['documents', 'payments', 'allocations']) {
    const row = rows.find((r) => r.entity === entity);
    counts[entity] = {
      inserted: Number(row?.inserted ?? 0),
      updated: Number(row?.updated ?? 0),
      unchanged: Number(row?.unchanged ?? 0),
    };
  }
  return counts;
}
