import type { Warehouse } from '../../warehouse/db.js';
import { hashOf } from '../canonical/sql.js';

/** Columns of the intermediate file written by transcodeFecFile, in order, with their DuckDB types. */
const STAGED_COLUMNS: [string, string][] = [
  ['source_line', 'INTEGER'],
  ['journal_code', 'VARCHAR'],
  ['journal_lib', 'VARCHAR'],
  ['ecriture_num', 'VARCHAR'],
  ['ecriture_date', 'DATE'],
  ['compte_num', 'VARCHAR'],
  ['compte_lib', 'VARCHAR'],
  ['comp_aux_num', 'VARCHAR'],
  ['comp_aux_lib', 'VARCHAR'],
  ['piece_ref', 'VARCHAR'],
  ['piece_date', 'DATE'],
  ['ecriture_lib', 'VARCHAR'],
  ['debit', 'DECIMAL(18,2)'],
  ['credit', 'DECIMAL(18,2)'],
  ['ecriture_let', 'VARCHAR'],
  ['date_let', 'DATE'],
  ['valid_date', 'DATE'],
  ['montant_devise', 'DECIMAL(18,2)'],
  ['idevise', 'VARCHAR'],
  ['extra', 'VARCHAR'],
];
/**
 * The content of a FEC line as stored in raw.fec_lines, in the order `row_hash = hash(…)` covers it: identical
 * decoded content gives an identical hash, whatever the file's encoding, separator or line position
 * (pipelines/row-hash.ts).
 */
export const FEC_LINE_CONTENT: readonly string[] = STAGED_COLUMNS.slice(1).map(([name]) => name);

const READ_OPTIONS = `delim=chr(31), quote='', escape='', header=false, auto_detect=false`;

function readStaged(columns: [string, string][]): string {
  const spec = columns.map(([name, type]) => `'${name}': '${type}'`).join(', ');
  return `read_csv($path, ${READ_OPTIONS}, columns={${spec}})`;
}

/** Temp tables of one import: the (company, fiscal year) pairs it brings, the terms rows it stages. */
export async function createIncomingTables(tx: Warehouse): Promise<void> {
  await tx.run('create or replace temp table fec_load_years (company_id varchar, fiscal_year integer)');
  await tx.run('create or replace temp table fec_terms_incoming as select * from raw.fec_terms where false');
}

export async function dropIncomingTables(tx: Warehouse): Promise<void> {
  await tx.run('drop table if exists fec_load_years; drop table if exists fec_terms_incoming');
}

export interface StagedFile {
  loadId: number;
  sourceFile: string;
  companyId: string;
  fiscalYear: number;
  /** The intermediate file. */
  path: string;
}

/**
 * Bulk-loads one transcoded file into raw.fec_lines under the new load id, with a content hash per line (straight
 * into raw: the years found unchanged are deleted again before commit, which is cheaper than copying every year).
 */
export async function stageFecFile(tx: Warehouse, file: StagedFile): Promise<void> {
  await tx.run(
    `insert into raw.fec_lines by name
     select $load_id::bigint as load_id, $source_file as source_file, $company_id as company_id,
            $fiscal_year::integer as fiscal_year, *, ${hashOf(FEC_LINE_CONTENT)} as row_hash
     from (select * exclude (extra), extra::json as extra from ${readStaged(STAGED_COLUMNS)})`,
    {
      load_id: file.loadId,
      source_file: file.sourceFile,
      company_id: file.companyId,
      fiscal_year: file.fiscalYear,
      path: file.path,
    },
  );
}

/** Gives the staged lines of one file their fiscal year (known once the whole file is read). */
export async function setFiscalYear(
  tx: Warehouse,
  loadId: number,
  sourceFile: string,
  companyId: string,
  fiscalYear: number,
): Promise<void> {
  await tx.run(
    'update raw.fec_lines set fiscal_year = $1 where load_id = $2 and source_file = $3 and fiscal_year <> $1',
    [fiscalYear, loadId, sourceFile],
  );
  await tx.run('insert into fec_load_years values ($1, $2)', [companyId, fiscalYear]);
}

export interface UnbalancedEntry {
  source_file: string;
  journal_code: string | null;
  ecriture_num: string | null;
  first_line: number;
  debit: string;
  credit: string;
  difference: string;
  entries: string;
}

/** The first entry (JournalCode, EcritureNum) of any staged file whose debits and credits differ. */
export async function findUnbalancedEntry(
  tx: Warehouse,
  loadId: number,
): Promise<UnbalancedEntry | undefined> {
  const [row] = await tx.all<UnbalancedEntry>(
    `with entries as (
       select source_file, journal_code, ecriture_num, min(source_line) as first_line,
              sum(debit) as debit, sum(credit) as credit, sum(debit) - sum(credit) as difference
       from raw.fec_lines where load_id = $1 group by all having sum(debit) <> sum(credit)
     )
     select *, count(*) over () as entries from entries order by source_file, first_line limit 1`,
    [loadId],
  );
  return row;
}

export interface YearComparison {
  company_id: string;
  fiscal_year: number;
  same: string;
  added: string;
  removed: string;
}

/** Compares each staged (company, fiscal year) with its previous version in raw.fec_lines, line content by content. */
export async function compareStagedYears(tx: Warehouse, loadId: number): Promise<YearComparison[]> {
  return tx.all<YearComparison>(
    `with years as (select distinct company_id, fiscal_year from fec_load_years),
     current_loads as (
       select company_id, fiscal_year, max(load_id) as load_id
       from raw.fec_lines semi join years using (company_id, fiscal_year) where load_id < $1 group by all
     ),
     old as (
       select company_id, fiscal_year, row_hash, count(*) as n
       from raw.fec_lines join current_loads using (company_id, fiscal_year, load_id) group by all
     ),
     new as (select company_id, fiscal_year, row_hash, count(*) as n from raw.fec_lines where load_id = $1 group by all)
     select company_id, fiscal_year,
            sum(least(coalesce(new.n, 0), coalesce(old.n, 0))) as same,
            sum(greatest(coalesce(new.n, 0) - coalesce(old.n, 0), 0)) as added,
            sum(greatest(coalesce(old.n, 0) - coalesce(new.n, 0), 0)) as removed
     from new full join old using (company_id, fiscal_year, row_hash)
     group by all order by all`,
    [loadId],
  );
}

/** Takes back the staged lines of a (company, fiscal year) that turned out identical to its current version. */
export async function dropStagedYear(
  tx: Warehouse,
  loadId: number,
  companyId: string,
  fiscalYear: number,
): Promise<void> {
  await tx.run('delete from raw.fec_lines where load_id = $1 and company_id = $2 and fiscal_year = $3', [
    loadId,
    companyId,
    fiscalYear,
  ]);
}

const TERMS_COLUMNS: [string, string][] = [
  ['source_line', 'INTEGER'],
  ['customer_id', 'VARCHAR'],
  ['name', 'VARCHAR'],
  ['payment_terms', 'VARCHAR'],
  ['attributes', 'VARCHAR'],
];

/** Stages a terms file (intermediate format) for each company, then appends the rows that differ. */
export async function loadTerms(
  tx: Warehouse,
  loadId: number,
  sourceFile: string,
  path: string,
  companies: string[],
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  for (const companyId of companies) {
    await tx.run(
      `insert into fec_terms_incoming by name
       select $load_id::bigint as load_id, $source_file as source_file, $company_id as company_id,
              * exclude (attributes), attributes::json as attributes,
              md5(concat_ws(chr(31), customer_id, coalesce(name, ''), coalesce(payment_terms, ''),
                            coalesce(attributes, ''))) as row_hash
       from ${readStaged(TERMS_COLUMNS)}`,
      { load_id: loadId, source_file: sourceFile, company_id: companyId, path },
    );
  }
  await tx.run(
    `create or replace temp table fec_terms_changes as
     with current as (
       select company_id, customer_id, arg_max(row_hash, [load_id, source_line]) as row_hash
       from raw.fec_terms group by all
     )
     select i.*, c.row_hash is null as is_new, coalesce(c.row_hash = i.row_hash, false) as is_same
     from fec_terms_incoming i left join current c using (company_id, customer_id)`,
  );
  await tx.run(
    'insert into raw.fec_terms select * exclude (is_new, is_same) from fec_terms_changes where not is_same',
  );
  const [counts] = await tx.all<{ inserted: string; updated: string; unchanged: string }>(
    `select count(*) filter (is_new) as inserted, count(*) filter (not is_new and not is_same) as updated,
            count(*) filter (is_same) as unchanged
     from fec_terms_changes`,
  );
  await tx.run('drop table fec_terms_changes');
  return {
    inserted: Number(counts!.inserted),
    updated: Number(counts!.updated),
    unchanged: Number(counts!.unchanged),
  };
}
