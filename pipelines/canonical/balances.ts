import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { firstRow } from './sql.js';

/** One side of an allocation: the invoice it settles, or the payment / credit note it draws on. */
interface Side {
  noun: string;
  /** Key columns of core.allocations / typed_allocations identifying the side. */
  keys: string[];
  /** This import's rows of that side: keys, amount, line, file ('invoices' | 'payments'). */
  fresh: string;
  /** The warehouse's rows of that side: keys, amount. */
  stored: string;
}

const DOCUMENT_SIDE: Side = {
  noun: 'document',
  keys: ['company_id', 'document_id'],
  fresh: `select company_id, document_id, amount, line, 'invoices' as file from typed_invoices`,
  stored: `select company_id, document_id, amount from core.documents`,
};

const SOURCE_SIDE: Side = {
  noun: 'source',
  keys: ['company_id', 'source_type', 'source_id'],
  fresh: `select company_id, 'payment' as source_type, payment_id as source_id, amount, line, 'payments' as file from typed_payments
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
 * No document is allocated more than its amount, and no payment or credit note gives more than its amount, counting the
 * warehouse's allocations and this import's (a corrected allocation replaces the old version). Only what this import
 * touches is checked.
 */
export async function checkBalances(tx: Warehouse, files: BalanceFiles): Promise<void> {
  for (const side of [DOCUMENT_SIDE, SOURCE_SIDE]) await checkSide(tx, side, files);
}

async function checkSide(tx: Warehouse, side: Side, files: BalanceFiles): Promise<void> {
  const keys = side.keys.join(', ');
  const cols = (alias: string) => side.keys.map((k) => `${alias}.${k}`).join(', ');
  const on = (a: string, b: string) => side.keys.map((k) => `${a}.${k} = ${b}.${k}`).join(' and ');
  await tx.run(`create or replace temp table over_allocated as
    with touched as (select distinct ${keys} from typed_allocations union select ${keys} from (${side.fresh})),
    stored_allocs as (
      select ${cols('c')}, c.source_id as sid, c.document_id as did, c.amount, null::integer as line
      from core.allocations c semi join touched t on ${on('t', 'c')}
      anti join typed_allocations n on n.company_id = c.company_id and n.source_id = c.source_id and n.document_id = c.document_id
    ),
    allocs as (
      select ${keys}, source_id as sid, document_id as did, amount, line from typed_allocations
      union all select * from stored_allocs
    ),
    totals as (select ${keys}, sum(amount) as allocated from allocs group by all),
    sides as (
      select t.*, coalesce(f.amount, s.amount) as amount, s.amount as stored_amount, f.line, f.file
      from totals t left join (${side.fresh}) f on ${on('f', 't')} left join (${side.stored}) s on ${on('s', 't')}
    )
    select * from sides where allocated > amount`);
  const crossing = await firstRow<Crossing>(
    tx,
    `with allocs as (
       select ${cols('a')}, a.line, a.amount, a.source_id || '/' || a.document_id as tie
       from typed_allocations a semi join over_allocated o on ${on('o', 'a')}
       union all
       select ${cols('c')}, null, c.amount, c.source_id || '/' || c.document_id
       from core.allocations c semi join over_allocated o on ${on('o', 'c')}
       anti join typed_allocations n on n.company_id = c.company_id and n.source_id = c.source_id and n.document_id = c.document_id
     ),
     running as (
       select *, sum(amount) over (partition by ${keys} order by line nulls first, tie
                                   rows between unbounded preceding and current row) as running
       from allocs
     )
     select r.line, r.${side.keys.at(-1)} as id, r.company_id, r.running::varchar as running, o.amount::varchar as amount
     from running r join over_allocated o on ${on('o', 'r')}
     where r.line is not null and r.running > o.amount order by r.line limit 1`,
  );
  if (crossing) {
    throw new InputError(
      { file: files.allocations, line: crossing.line, column: 'amount' },
      `allocations of ${side.noun} "${crossing.id}" (company ${crossing.company_id}) reach ${crossing.running}, ` +
        `more than its amount ${crossing.amount}; allocate at most what is still open`,
    );
  }
  const shrunk = await firstRow<Shrunk>(
    tx,
    `select line, file, ${side.keys.at(-1)} as id, amount::varchar as amount, allocated::varchar as allocated
     from over_allocated where line is not null and stored_amount is distinct from amount order by file, line limit 1`,
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

interface Crossing {
  line: number;
  id: string;
  company_id: string;
  running: string;
  amount: string;
}

interface Shrunk {
  line: number;
  file: string;
  id: string;
  amount: string;
  allocated: string;
}
