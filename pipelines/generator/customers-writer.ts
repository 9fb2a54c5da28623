import { BufferedFile } from './buffered-file.js';
import type { Calendar } from './calendar.js';
import type { Customer } from './ledger.js';
import { csvField, formatCents } from './money.js';

const CUSTOMER_COLUMNS =
  'customer_id,name,country,currency,segment,payment_terms,credit_limit,email,phone,owner,agency,group_id\n';

/** customers.csv (canonical contract; in FEC mode it is the `--terms-file`). */
export function writeCustomers(
  path: string,
  customers: readonly Customer[],
  currencies: readonly string[],
): void {
  const file = new BufferedFile(path);
  file.write(CUSTOMER_COLUMNS);
  for (const c of customers) {
    file.write(
      `${c.id},${csvField(c.name)},${c.country},${currencies[c.currency]},${c.segment},${c.terms},` +
        `${formatCents(c.creditLimitCents)},${c.email},${c.phone},${c.owner},${c.agency},${c.groupId}\n`,
    );
  }
  file.close();
}

/**
 * truth/payers.csv: the hidden behaviour each customer was generated with, to check payer profiles and models
 * against. Not part of any import contract.
 */
export function writePayerTruth(path: string, customers: readonly Customer[], calendar: Calendar): void {
  const file = new BufferedFile(path);
  file.write('customer_id,payer_type,drift,drift_days,is_new,first_day,last_day,payment_run,companies\n');
  for (const c of customers) {
    const run =
      c.paymentRun === 0
        ? ''
        : c.paymentRun > 100
          ? `monthly_${c.paymentRun - 100}`
          : `weekly_${c.paymentRun}`;
    const companies = c.companies.map((i) => `C${i + 1}`).join(' ');
    file.write(
      `${c.id},${c.type},${c.drift},${c.driftDays},${c.isNew},${calendar.iso(c.joinDay)},` +
        `${calendar.iso(c.leaveDay)},${run},${companies}\n`,
    );
  }
  file.close();
}
