// A synthetic ledger generated in SQL (range()) straight into the raw layer, for latency measurements:
// `invoices` invoices and credit notes over three years across three companies (one in USD), most of them paid
// (some partly, some late), some cash on account, daily USD rates.
import type { Warehouse } from '../db.js';

export async function generateBenchLedger(db: Warehouse, invoices: number): Promise<void> {
  const customers = Math.max(10, Math.round(invoices / 20));
  await db.run(`
    insert into raw.canonical_customers (load_id, source_file, source_line, customer_id, name, payment_terms, row_hash)
    select 1, 'bench', i, 'C' || i, 'Customer ' || i, ['30', '45FM', '60'][1 + i % 3], 0 from range(${customers}) t(i);

    insert into raw.canonical_documents (load_id, source_file, source_line, company_id, document_id, customer_id,
      type, issue_date, due_date, amount, currency, row_hash)
    select 1, 'bench', i, ['FR01', 'FR02', 'US01'][1 + i % 3], 'D' || i, 'C' || (hash(i) % ${customers}),
           case when i % 20 = 0 then 'credit_note' else 'invoice' end,
           date '2023-01-01' + (i * 1096 // ${invoices})::integer, null,
           (100 + hash(i * 7) % 900000 / 100.0)::decimal(18, 2), case when i % 3 = 2 then 'USD' end, 0
    from range(${invoices}) t(i);

    insert into raw.canonical_payments (load_id, source_file, source_line, company_id, payment_id, customer_id,
      date, amount, currency, row_hash)
    select 1, 'bench', i, company_id, 'P' || i, customer_id,
           issue_date + 20 + (hash(i * 13) % 90)::integer, amount * case when i % 11 = 0 then 0.5 else 1 end,
           currency, 0
    from (select source_line as i, * from raw.canonical_documents where type = 'invoice' and source_line % 10 <> 9)
    where issue_date + 20 + (hash(i * 13) % 90)::integer <= date '2026-01-31';

    insert into raw.canonical_allocations (load_id, source_file, source_line, company_id, source_id, source_type,
      document_id, amount, date, row_hash)
    select 1, 'bench', source_line, company_id, payment_id, 'payment', 'D' || source_line, amount, date, 0
    from raw.canonical_payments where source_line % 17 <> 0;

    insert into raw.fx_rates (load_id, source_file, source_line, date, currency, rate, row_hash)
    select 1, 'bench', i, date '2022-12-01' + i::integer, 'USD', (0.9 + (i % 50) / 1000.0)::decimal(18, 8), 0
    from range(1200) t(i);
  `);
}
