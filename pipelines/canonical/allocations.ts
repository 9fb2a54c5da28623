import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import type { CsvFile } from './read-file.js';
import { firstRow, hashOf, sqlString } from './sql.js';
import { createCellTable, typedItems, type TypedShape } from './typed.js';

export const ALLOCATION_ROWS: TypedShape = {
  table: 'typed_allocations',
  raw: 'raw.canonical_allocations',
  keys: ['company_id', 'source_id', 'document_id'],
  columns: ['company_id', 'source_id', 'source_type', 'document_id', 'amount', 'date', 'attributes'],
};

/**
 * Payments and credit notes after this import (its rows over the warehouse's), optionally within one company. With
 * `stored` false (no payment or document stored yet, as on a first load) the warehouse's side is left out: the anti
 * joins would still hash every row of this import for nothing.
 */
const sourcesCte = (company: string | undefined, stored = true) => `sources as (
    select * from (
      select company_id, payment_id as id, 'payment' as kind, date, amount from typed_payments
      ${
        !stored
          ? ''
          : `union all
      select p.company_id, p.payment_id, 'payment', p.date, p.amount from core.payments p
      anti join typed_payments n on n.company_id = p.company_id and n.payment_id = p.payment_id`
      }
      union all
      select company_id, document_id, type, issue_date, amount from typed_invoices where type = 'credit_note'
      ${
        !stored
          ? ''
          : `union all
      select d.company_id, d.document_id, d.type, d.issue_date, d.amount from core.documents d
      anti join typed_invoices n on n.company_id = d.company_id and n.document_id = d.document_id
      where d.type = 'credit_note'`
      }
    ) ${company === undefined ? '' : `where company_id = ${sqlString(company)}`}
  ),
  documents as (
    select company_id, document_id, type, amount from typed_invoices
    ${
      !stored
        ? ''
        : `union all
    select d.company_id, d.document_id, d.type, d.amount from core.documents d
    anti join typed_invoices n on n.company_id = d.company_id and n.document_id = d.document_id`
    }
  )`;

/** Types allocations.csv into `allocation_cells` (the file only); returns the number of rows. */
export function createAllocationCells(tx: Warehouse, file: CsvFile): Promise<number> {
  return createCellTable(
    tx,
    file,
    'allocation_cells',
    typedItems(file, ['source_id', 'document_id', 'amount', 'date', 'attributes']),
  );
}

/**
 * Allocations name their source (a payment or a credit note) and the invoice it settles by id only: the source must
 * be exactly one payment or credit note of this import or of the warehouse (within --company when given), the invoice
 * must be in the source's company. An allocation takes the source's company and, by default, its date. The typed rows
 * also carry the invoice's and the source's amounts for the balance checks. Builds `typed_allocations` from the cells
 * (inside the transaction: it reads the warehouse).
 */
export async function createAllocationTable(
  tx: Warehouse,
  file: CsvFile,
  company: string | undefined,
  rows: number,
): Promise<void> {
  const stored = await firstRow<{ any: boolean }>(
    tx,
    'select exists (from core.payments) or exists (from core.documents) as any',
  );
  await tx.run(`create or replace temp table typed_allocations as with ${sourcesCte(company, stored?.any !== false)}
    select *, ${hashOf(ALLOCATION_ROWS.columns)} as row_hash from (
      select t.line, s.company_id, t.source_id, s.kind as source_type, t.document_id, t.amount,
             coalesce(t.date, s.date) as date, t.attributes,
             d.type as document_type, d.amount as document_amount, s.amount as source_amount
      from allocation_cells t
      left join sources s on s.id = t.source_id
      left join documents d on d.company_id = s.company_id and d.document_id = t.document_id)`);
  // every line gives at least one row: more rows than lines means a source id matched several sources
  const resolved = await firstRow<{ unresolved: string; n: string }>(
    tx,
    `select count(*) filter (where source_type is null) as unresolved, count(*) as n from typed_allocations`,
  );
  if (Number(resolved?.unresolved) > 0 || Number(resolved?.n) > rows) await explainSource(tx, file, company);
  const target = await firstRow<{
    line: number;
    document_id: string;
    company_id: string;
    document_type: string | null;
  }>(
    tx,
    `select line, document_id, company_id, document_type from typed_allocations
     where document_type is distinct from 'invoice' order by line limit 1`,
  );
  if (target) throw targetError(file.path!, target);
}

/** The first allocation whose source is unknown, an invoice, or several payments/credit notes at once. */
async function explainSource(tx: Warehouse, file: CsvFile, company: string | undefined): Promise<never> {
  const inCompany = company === undefined ? '' : `and d.company_id = ${sqlString(company)}`;
  const found = await firstRow<{
    line: number;
    source_id: string;
    credits: string;
    invoices: string;
    places: string;
  }>(
    tx,
    `with ${sourcesCte(company)},
     candidates as (
       select company_id, id, kind from sources
       union all
       select d.company_id, d.document_id, d.type from documents d where d.type = 'invoice' ${inCompany}
     ),
     suspects as (select distinct line, source_id from typed_allocations
                  where source_type is null or line in (select line from typed_allocations group by line having count(*) > 1))
     select a.line, a.source_id, count(s.id) filter (where s.kind <> 'invoice') as credits,
            count(s.id) filter (where s.kind = 'invoice') as invoices,
            string_agg(s.company_id || ' ' || s.kind, ', ' order by s.company_id, s.kind) as places
     from suspects a left join candidates s on s.id = a.source_id
     group by a.line, a.source_id order by a.line limit 1`,
  );
  const where = { file: file.path!, line: found?.line, column: 'source_id' };
  const id = `"${found?.source_id}"`;
  if (Number(found?.credits) > 1) {
    throw new InputError(
      where,
      `source ${id} is ambiguous (${found?.places}); give payments and credit notes distinct ids, or import one company at a time with --company`,
    );
  }
  if (Number(found?.invoices) > 0) {
    throw new InputError(
      where,
      `source ${id} is an invoice; the source of an allocation is a payment or a credit note`,
    );
  }
  throw new InputError(
    where,
    `unknown source ${id}: no payment or credit note has this id in this import or in the warehouse; add it to payments.csv or invoices.csv (type credit_note)`,
  );
}

function targetError(
  file: string,
  found: { line: number; document_id: string; company_id: string; document_type: string | null },
): InputError {
  const where = { file, line: found.line, column: 'document_id' };
  const id = `"${found.document_id}"`;
  if (found.document_type === 'credit_note') {
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
