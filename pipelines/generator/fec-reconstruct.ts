import { isoOf, listFecFiles, readFec, type FecLine } from './test-support.js';

/**
 * A reference reading of the generated FEC, as an importer using lettrage and detailed openings would do it.
 * Used by the tests to prove the FEC carries the same ledger as the canonical files.
 */
export interface Rebuilt {
  documents: Map<string, string>;
  payments: Map<string, string>;
  /** "source>document" → "amount date" */
  allocations: Map<string, string>;
  /** Ids of payments and credit notes whose own 411 line is lettered. */
  letteredSources: Set<string>;
}

export function rebuildFromFec(companyDir: string, reportingCurrency: string): Rebuilt {
  const rebuilt: Rebuilt = {
    documents: new Map(),
    payments: new Map(),
    allocations: new Map(),
    letteredSources: new Set(),
  };
  for (const file of listFecFiles(companyDir)) {
    const groups = new Map<string, FecLine[]>();
    for (const line of readFec(file).lines) {
      if (!line.account.startsWith('411')) continue;
      readReceivableLine(rebuilt, line, reportingCurrency);
      if (line.letter === '') continue;
      const key = `${line.aux}/${line.letter}`;
      groups.set(key, [...(groups.get(key) ?? []), line]);
    }
    for (const [key, lines] of groups) allocateGroup(rebuilt, key, lines);
  }
  return rebuilt;
}

function amountOf(line: FecLine): number {
  return line.foreign ?? line.debit + line.credit;
}

function readReceivableLine(rebuilt: Rebuilt, line: FecLine, reporting: string): void {
  const currency = line.currency || reporting;
  const amount = amountOf(line);
  if (line.journal === 'AN') {
    if (!rebuilt.documents.has(line.pieceRef) && !rebuilt.payments.has(line.pieceRef)) {
      throw new Error(`opening line ${line.pieceRef} links to nothing in earlier years`);
    }
    return;
  }
  if (line.letter !== '' && line.credit > 0) rebuilt.letteredSources.add(line.pieceRef);
  if (line.journal === 'BQ') {
    rebuilt.payments.set(line.pieceRef, `${line.aux} ${isoOf(line.date)} ${amount} ${currency}`);
  } else {
    const type = line.debit > 0 ? 'invoice' : 'credit_note';
    rebuilt.documents.set(
      line.pieceRef,
      `${line.aux} ${type} ${isoOf(line.pieceDate)} ${amount} ${currency}`,
    );
  }
}

/** A lettered group is a star: one credit settling many debits, or many credits settling one debit. */
function allocateGroup(rebuilt: Rebuilt, key: string, lines: FecLine[]): void {
  const debits = lines.filter((l) => l.debit > 0);
  const credits = lines.filter((l) => l.credit > 0);
  const add = (source: FecLine, doc: FecLine, amount: number) =>
    rebuilt.allocations.set(`${source.pieceRef}>${doc.pieceRef}`, `${amount} ${isoOf(source.date)}`);
  if (credits.length === 1) for (const d of debits) add(credits[0]!, d, amountOf(d));
  else if (debits.length === 1) for (const c of credits) add(c, debits[0]!, amountOf(c));
  else
    throw new Error(
      `lettering group ${key} is many-to-many: ${debits.length} debits, ${credits.length} credits`,
    );
}
