import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { firstRow, sqlString } from './sql.js';
import { createTypedTable, type TypedShape } from './typed.js';

export const ALLOCATION_ROWS: TypedShape = {
  table: 'typed_allocations',
  raw: 'raw.canonical_allocations',
  keys: ['company_id', 'source_id', 'document_id'],
  columns: ['company_id', 'source_id', 'source_type', 'document_id', 'amount', 'date', 'attributes'],
};

/**
 * Allocations name their source (a payment, or a credit note) and the invoice it settles, by id only: each source must
 * be exactly one payment or credit note of this import or of the warehouse (within --company when given), the invoice
 * must be in the same company, and the allocation takes the source's company and, by default, its date.
 */
export async function buildTypedAllocations(
  tx: Warehouse,
  file: string,
  company: string | undefined,
): Promise<void> {
  await createCandidates(tx, company);
  const source = await firstRow<{
    line: number;
    source_id: string;
    credits: string;
    invoices: string;
    places: string;
  }>(
    tx,
    `select a.line, a.source_id,
            count(s.id) filter (where s.kind <> 'invoice') as credits, count(s.id) filter (where s.kind = 'invoice') as invoices,
            string_agg(s.company_id || ' ' || s.kind, ', ' order by s.company_id, s.kind) as places
     from text_allocations a left join alloc_candidates s on s.id = a.source_id
     group by a.line, a.source_id having count(s.id) filter (where s.kind <> 'invoice') <> 1
     order by a.line limit 1`,
  );
  if (source) throw sourceError(file, source);
  await createTypedTable(
    tx,
    ALLOCATION_ROWS,
    `select a.line, s.company_id, a.source_id, s.kind as source_type,
      a.document_id, a.amount::decimal(18,2) as amount, coalesce(a.date::date, s.date) as date, a.attributes
    from text_allocations a join alloc_candidates s on s.id = a.source_id and s.kind <> 'invoice'`,
  );
  const target = await firstRow<{
    line: number;
    document_id: string;
    company_id: string;
    type: string | null;
  }>(
    tx,
    `with docs as (
       select company_id, document_id, type from typed_invoices
       union all
       select d.company_id, d.document_id, d.type from core.documents d
       semi join (select distinct document_id from text_allocations) i on i.document_id = d.document_id
       anti join typed_invoices n on n.company_id = d.company_id and n.document_id = d.document_id
     )
     select a.line, a.document_id, a.company_id, d.type from typed_allocations a
     left join docs d on d.company_id = a.company_id and d.document_id = a.document_id
     where d.type is distinct from 'invoice' order by a.line limit 1`,
  );
  if (target) throw targetError(file, target);
}

/** Payments and documents whose id some allocation names as its source: this import's rows over the warehouse's. */
async function createCandidates(tx: Warehouse, company: string | undefined): Promise<void> {
  const inCompany = company === undefined ? '' : `where company_id = ${sqlString(company)}`;
  await tx.run(`create temp table alloc_candidates as
    with ids as (select distinct source_id as id from text_allocations),
    found as (
      select company_id, payment_id as id, 'payment' as kind, date from typed_payments semi join ids on ids.id = payment_id
      union all
      select p.company_id, p.payment_id, 'payment', p.date from core.payments p semi join ids on ids.id = p.payment_id
      anti join typed_payments n on n.company_id = p.company_id and n.payment_id = p.payment_id
      union all
      select company_id, document_id, type, issue_date from typed_invoices semi join ids on ids.id = document_id
      union all
      select d.company_id, d.document_id, d.type, d.issue_date from core.documents d semi join ids on ids.id = d.document_id
      anti join typed_invoices n on n.company_id = d.company_id and n.document_id = d.document_id
    )
    select * from found ${inCompany}`);
}

function sourceError(
  file: string,
  found: { line: number; source_id: string; credits: string; invoices: string; places: string },
): InputError {
  const where = { file, line: found.line, column: 'source_id' };
  const id = `"${found.source_id}"`;
  if (Number(found.credits) > 1) {
    return new InputError(
      where,
      `source ${id} is ambiguous (${found.places}); give payments and credit notes distinct ids, or import one company at a time with --company`,
    );
  }
  if (Number(found.invoices) > 0) {
    return new InputError(
      where,
      `source ${id} is an invoice; the source of an allocation is a payment or a credit note`,
    );
  }
  return new InputError(
    where,
    `unknown source ${id}: no payment or credit note has this id in this import or in the warehouse; add it to payments.csv or invoices.csv (type credit_note)`,
  );
}

function targetError(
  file: string,
  found: { line: number; document_id: string; company_id: string; type: string | null },
): InputError {
  const where = { file, line: found.line, column: 'document_id' };
  const id = `"${found.document_id}"`;
  if (found.type === 'credit_note') {
    return new InputError(
      where,
      `document ${id} is a credit note; allocations settle invoices (put the credit note in source_id)`,
    );
  }
  return new InputError(
    where,
    `unknown document ${id}: no invoice of company ${found.company_id} has this id in this import or in the warehouse; add it to invoices.csv`,
  );
}
