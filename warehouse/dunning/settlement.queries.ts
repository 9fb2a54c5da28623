import type { Warehouse } from '../db.js';

export interface CustomerSettlement {
  /** Open invoices past due at the date (disputed ones included: a dispute pauses reminders, not the collection). */
  overdue_invoices: number;
  /** The given invoices still open at the date. */
  still_open: string[];
}

/** Whether one customer's collection is over at `asOf`, and which of `documentIds` are still open then. */
export async function findCustomerSettlement(
  db: Warehouse,
  input: { asOf: string; companyId: string; customerId: string; documentIds: readonly string[] },
): Promise<CustomerSettlement> {
  const rows = await db.all<{ item_id: string; overdue: boolean }>(
    `select item_id, due_date < $1::date as overdue
     from marts.open_items($1::date)
     where company_id = $2 and customer_id = $3 and item_type = 'invoice' and open_amount > 0`,
    [input.asOf, input.companyId, input.customerId],
  );
  const wanted = new Set(input.documentIds);
  return {
    overdue_invoices: rows.filter((r) => r.overdue).length,
    still_open: rows
      .filter((r) => wanted.has(r.item_id))
      .map((r) => r.item_id)
      .sort(),
  };
}

/** Of the given customers, those with payments or credit allocated on `asOf`, with the amount and invoices. */
export async function listCustomersPaidOn(
  db: Warehouse,
  input: {
    asOf: string;
    companyId?: string;
    customers: readonly { company_id: string; customer_id: string }[];
  },
): Promise<{ company_id: string; customer_id: string; amount: string; document_ids: string[] }[]> {
  if (input.customers.length === 0) return [];
  return db.all(
    `with wanted as (
       select pair[1] as company_id, pair[2] as customer_id from (select unnest(json_transform($2, '[["VARCHAR"]]')) as pair)
     )
     select a.company_id, d.customer_id, sum(a.amount)::decimal(18,2)::varchar as amount,
            list(distinct a.document_id order by a.document_id) as document_ids
     from core.allocations a
     join core.documents d using (company_id, document_id)
     semi join wanted w on w.company_id = a.company_id and w.customer_id = d.customer_id
     where a.date = $1::date and ($3::varchar is null or a.company_id = $3)
     group by all`,
    [
      input.asOf,
      JSON.stringify(input.customers.map((c) => [c.company_id, c.customer_id])),
      input.companyId ?? null,
    ],
  );
}
