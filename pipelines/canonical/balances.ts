import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { firstRow } from './sql.js';

/** One side of an allocation: the invoice it settles, or the payment / credit note it draws on. */
interface Side {
  noun: string;
  /** Key columns, as in core.allocations and typed_allocations. */
  keys: string[];
  /** Column of typed_allocations holding the side's amount. */
  limit: string;
  /** This import's rows of that side: keys, amount, line, file ('invoices' | 'payments'). */
  fresh: string;
  /** The warehouse's rows of that side: keys, amount. */
  stored: string;
}

const DOCUMENT_SIDE: Side = {
  noun: 'document',
  keys: ['company_id', 'document_id'],
  limit: 'document_amount',
  fresh: `select company_id, document_id, amount, line, 'invoices' as file from typed_invoices`,
  stored: `select company_id, document_id, amount from core.documents`,
};

const SOURCE_SIDE: Side = {
  noun: 'source',
  keys: ['company_id', 'source_type', 'source_id'],
  limit: 'source_amount',
  fresh: `select company_id, 'payment' as source_type, payment_id as source_id, amount, line, 'payments' as file
          from typed_payments
          union all
          select company_id, type, document_id, amount, line, 'invoices' from typed_invoices where type = 'credit_note'`,
  stored: `select company_id, 'payment' as source_type, payment_id as source_id, amount from core.payments
           union all
           select company_id, type, document_id, amount from core.documents where type = 'credit_note'`,
};

export interface BalanceFiles {
  allocations: string;
  invoices: string;
  payments: string;
}

/**
 * No invoice is allocated more than its amount, and no payment or credit note gives more than its amount, counting the
 * warehouse's allocations and this import's (a new version of an allocation replaces the old one).
 */
export async function checkBalances(tx: Warehouse, files: BalanceFiles): Promise<void> {
  const stored = await firstRow<{ any: boolean }>(
    tx,
    'select exists (select 1 from core.allocations) as any',
  );
  for (const side of [DOCUMENT_SIDE, SOURCE_SIDE]) {
    await checkNewAllocations(tx, side, files.allocations, stored?.any === true);
    if (stored?.any) await checkCorrectedAmounts(tx, side, files);
  }
}

const on = (keys: string[], a: string, b: string) => keys.map((k) => `${a}.${k} = ${b}.${k}`).join(' and ');
const SAME_ALLOCATION =
  'n.company_id = c.company_id and n.source_id = c.source_id and n.document_id = c.document_id';

/** The allocation line at which a side's running total (stored allocations first, then this file in order) crosses its amount. */
async function checkNewAllocations(
  tx: Warehouse,
  side: Side,
  file: string,
  withStored: boolean,
): Promise<void> {
  if (!withStored && !(await mayExceed(tx, side))) return;
  const none = `select ${side.keys.map((k) => `null::varchar as ${k}`).join(', ')}, 0::decimal(18,2) as allocated where false`;
  const stored = !withStored
    ? none
    : `select ${side.keys.map((k) => `c.${k}`).join(', ')}, sum(c.amount) as allocated from core.allocations c
    semi join typed_allocations a on ${on(side.keys, 'a', 'c')} anti join typed_allocations n on ${SAME_ALLOCATION}
    group by all`;
  await tx.run(`create or replace temp table over_allocated as
    with stored as (${stored})
    select ${side.keys.map((k) => `a.${k}`).join(', ')}, any_value(a.${side.limit}) as amount,
           coalesce(any_value(s.allocated), 0) as stored_allocated
    from typed_allocations a left join stored s on ${on(side.keys, 's', 'a')}
    group by all having sum(a.amount) + coalesce(any_value(s.allocated), 0) > any_value(a.${side.limit})`);
  const crossing = await firstRow<{
    line: number;
    id: string;
    company_id: string;
    running: string;
    amount: string;
  }>(
    tx,
    `with running as (
       select a.line, ${side.keys.map((k) => `a.${k}`).join(', ')}, o.amount,
              o.stored_allocated + sum(a.amount) over (partition by ${side.keys.map((k) => `a.${k}`).join(', ')} order by a.line) as running
       from typed_allocations a join over_allocated o on ${on(side.keys, 'o', 'a')}
     )
     select line, ${side.keys.at(-1)} as id, company_id, running::varchar as running, amount::varchar as amount
     from running where running > amount order by line limit 1`,
  );
  if (crossing) {
    throw new InputError(
      { file, line: crossing.line, column: 'amount' },
      `allocations of ${side.noun} "${crossing.id}" (company ${crossing.company_id}) reach ${crossing.running}, ` +
        `more than its amount ${crossing.amount}; allocate at most what is still open`,
    );
  }
}

/**
 * Cheap pretest when the warehouse holds no allocation: could some side's allocations in this file exceed its amount?
 * Grouped by a 64-bit hash of the side's key (cheaper than grouping by the text keys), a group's total is at least that
 * of any side in it, and its smallest amount at most that side's, so a side over its amount always makes its group
 * hit; a hit (also from two sides sharing a hash) runs the exact check.
 */
async function mayExceed(tx: Warehouse, side: Side): Promise<boolean> {
  const found = await firstRow<{ any: boolean }>(
    tx,
    `select exists (select 1 from typed_allocations group by hash(${side.keys.join(', ')})
                    having sum(amount) > min(${side.limit})) as any`,
  );
  return found?.any !== false;
}

/** An invoice, payment or credit note of this import whose amount changed to less than what is already allocated to it. */
async function checkCorrectedAmounts(tx: Warehouse, side: Side, files: BalanceFiles): Promise<void> {
  const shrunk = await firstRow<{
    line: number;
    file: string;
    id: string;
    amount: string;
    allocated: string;
  }>(
    tx,
    `with fresh as (${side.fresh}),
     stored_sum as (
       select ${side.keys.map((k) => `c.${k}`).join(', ')}, sum(c.amount) as allocated from core.allocations c
       semi join fresh f on ${on(side.keys, 'f', 'c')} group by all
     )
     select f.line, f.file, f.${side.keys.at(-1)} as id, f.amount::varchar as amount, s.allocated::varchar as allocated
     from fresh f join stored_sum s on ${on(side.keys, 's', 'f')} join (${side.stored}) o on ${on(side.keys, 'o', 'f')}
     anti join typed_allocations a on ${on(side.keys, 'a', 'f')}
     where o.amount <> f.amount and s.allocated > f.amount order by f.file, f.line limit 1`,
  );
  if (shrunk) {
    throw new InputError(
      {
        file: shrunk.file === 'payments' ? files.payments : files.invoices,
        line: shrunk.line,
        column: 'amount',
      },
      `amount ${shrunk.amount} is less than the ${shrunk.allocated} already allocated to ${side.noun} "${shrunk.id}"; ` +
        'correct its allocations in the same import',
    );
  }
}
