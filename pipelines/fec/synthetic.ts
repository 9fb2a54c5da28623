// A large, plausible FEC for benchmarks (`encours import fec` on 4M lines): invoices (411/706/445), payments
// (512/411) lettered with their invoice most of the time, some partial and unlettered, a few credit notes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { FEC_HEADER } from './testing.js';

export interface SyntheticOptions {
  lines: number;
  customers?: number;
  year?: number;
}

export async function writeSyntheticFec(path: string, options: SyntheticOptions): Promise<number> {
  const customers = options.customers ?? 20_000;
  const year = options.year ?? 2025;
  const out = createWriteStream(path);
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const amount = (cents: number) =>
    ` 0000000${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
  const day = (n: number) => {
    const d = new Date(Date.UTC(year, 0, 1 + Math.min(n, 364)));
    return d.toISOString().slice(0, 10).replace(/-/g, '');
  };
  let written = 0;
  let chunk: string[] = [FEC_HEADER];
  for (let n = 1; written < options.lines; n++) {
    const customer = 'C' + String(Math.floor(random() ** 2 * customers)).padStart(6, '0');
    const issue = Math.floor(random() * 330);
    const total = 10_000 + Math.floor(random() * 500_000);
    const net = Math.round(total / 1.2);
    const date = day(issue);
    const ref = `FA${year}-${n}`;
    const letter = random() < 0.7 ? `L${n.toString(36).toUpperCase()}` : '';
    chunk.push(
      `VT|Ventes|VT${n}|${date}|411000|Clients|${customer}|Client ${customer}|${ref}|${date}|Facture ${ref}|${amount(total)}|${amount(0)}|${letter}|${letter ? day(issue + 40) : ''}|${date}||`,
      `VT|Ventes|VT${n}|${date}|706000|Prestations|||${ref}|${date}|Facture ${ref}|${amount(0)}|${amount(net)}||||${date}||`,
      `VT|Ventes|VT${n}|${date}|445710|TVA collectée|||${ref}|${date}|Facture ${ref}|${amount(0)}|${amount(total - net)}||||${date}||`,
    );
    const paid = letter ? total : random() < 0.5 ? Math.floor(total / 2) : 0;
    if (paid > 0) {
      const payDate = day(issue + 10 + Math.floor(random() * 50));
      chunk.push(
        `BQ|Banque|BQ${n}|${payDate}|411000|Clients|${customer}|Client ${customer}|RG${n}|${payDate}|Règlement ${ref}|${amount(0)}|${amount(paid)}|${letter}|${letter ? payDate : ''}|${payDate}||`,
        `BQ|Banque|BQ${n}|${payDate}|512000|Banque|||RG${n}|${payDate}|Règlement ${ref}|${amount(paid)}|${amount(0)}||||${payDate}||`,
      );
    }
    written += paid > 0 ? 5 : 3;
    if (chunk.length >= 10_000) {
      if (!out.write(chunk.join('\r\n') + '\r\n')) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.length ? chunk.join('\r\n') + '\r\n' : '');
  await once(out, 'close');
  return written;
}
