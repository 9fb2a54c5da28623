import { join } from 'node:path';
import type { Warehouse } from '../../warehouse/db.js';
import { sqlString } from '../../warehouse/features/session.js';
import { runTransforms } from '../../warehouse/transform.js';

/**
 * Loads a generated canonical ledger straight into the raw tables with DuckDB's read_csv, then builds the models —
 * the benchmark's fast path, without the importer's checks (the importer has its own benchmark). Trusted input only.
 */
export async function loadGeneratedLedger(db: Warehouse, dir: string): Promise<void> {
  const csv = (file: string) => `read_csv(${sqlString(join(dir, file))}, header = true, all_varchar = true)`;
  const lineage = `1 as load_id, 'generated' as source_file, (row_number() over ())::integer + 1 as source_line`;
  await db.run(`
    insert into raw.canonical_customers by name
      select ${lineage}, customer_id, name, country, currency, segment, payment_terms,
             nullif(credit_limit, '')::decimal(18,2) as credit_limit, email, phone, owner, agency, group_id, 0::ubigint as row_hash
      from ${csv('customers.csv')};
    insert into raw.canonical_documents by name
      select ${lineage}, company_id, document_id, customer_id, type, issue_date::date as issue_date,
             due_date::date as due_date, amount::decimal(18,2) as amount, currency, disputed::boolean as disputed,
             delivery, reference, 0::ubigint as row_hash
      from ${csv('invoices.csv')};
    insert into raw.canonical_payments by name
      select ${lineage}, company_id, payment_id, customer_id, date::date as date, amount::decimal(18,2) as amount,
             currency, method, 0::ubigint as row_hash
      from ${csv('payments.csv')};
    insert into raw.canonical_allocations by name
      select ${lineage}, d.company_id, a.source_id,
             case when p.payment_id is null then 'credit_note' else 'payment' end as source_type, a.document_id,
             a.amount::decimal(18,2) as amount, a.date::date as date, 0::ubigint as row_hash
      from ${csv('allocations.csv')} a
      join raw.canonical_documents d on d.document_id = a.document_id
      left join raw.canonical_payments p on p.payment_id = a.source_id;
    insert into raw.fx_rates by name
      select ${lineage}, date::date as date, currency, rate::decimal(18,8) as rate, 0::ubigint as row_hash
      from ${csv('fx_rates.csv')};`);
  await runTransforms(db);
}
