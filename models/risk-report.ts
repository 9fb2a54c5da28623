import { bumpDataGeneration } from '../warehouse/data-generation.js';
import type { Warehouse } from '../warehouse/db.js';
import { insertRiskOverride } from '../warehouse/features/risk.queries.js';
import { findLastFactDate } from '../warehouse/features/scope.queries.js';
import { withSession } from '../warehouse/features/session.js';
import { EncoursError } from '../lib/errors.js';
import { selectBackend, type BackendChoice } from './backend.js';
import { withFeatureSession } from './datasets.js';
import { requireChampion } from './registry.js';
import { computeRiskRows, toCustomerRisk, type CustomerRisk } from './risk.js';
import { isRiskClass, RISK_CLASSES } from './risk-classes.js';

export interface RiskReport {
  asOf: string;
  model_version: string;
  customers: CustomerRisk[];
}

/**
 * Every customer's risk as of a date with the champion model, riskiest first (`encours risk`, the API's risk list).
 * With companyId: that company's open items and amounts; the payment history stays the customer's across the group.
 */
export async function computeRisk(
  db: Warehouse,
  options: { modelsDir: string; asOf?: string; companyId?: string; backend?: BackendChoice },
): Promise<RiskReport> {
  const champion = requireChampion(options.modelsDir);
  await selectBackend(options.backend);
  return withFeatureSession(db, {}, async (session) => {
    const asOf = options.asOf ?? (await findLastFactDate(session)) ?? new Date().toISOString().slice(0, 10);
    const rows = await computeRiskRows(session, champion.delay, champion.thresholds.riskClasses, asOf);
    const scope = options.companyId ?? '*';
    const customers = rows
      .filter((r) => r.company_id === scope)
      .sort(
        (a, b) =>
          classRank(b.risk_class) - classRank(a.risk_class) ||
          b.risk_score - a.risk_score ||
          (a.customer_id < b.customer_id ? -1 : 1),
      )
      .map(toCustomerRisk);
    return { asOf, model_version: champion.version, customers };
  });
}

/** Records a manual class (or clears it with riskClass null) from a date on; it wins over the model's class. */
export async function setRiskOverride(
  db: Warehouse,
  options: {
    customerId: string;
    riskClass: string | null;
    reason: string;
    effectiveDate: string;
    setBy?: string;
  },
): Promise<void> {
  if (options.riskClass !== null && !isRiskClass(options.riskClass)) {
    throw new EncoursError(
      'bad_input',
      `--class must be one of ${RISK_CLASSES.join(', ')}, got "${options.riskClass}"`,
    );
  }
  if (!options.reason.trim())
    throw new EncoursError(
      'bad_input',
      '--reason is required: say why the class is forced (e.g. "insolvency proceedings")',
    );
  const [known] = await db.all<{ n: string }>(
    'select count(*) as n from core.customers where customer_id = $1',
    [options.customerId],
  );
  if (Number(known?.n ?? 0) === 0)
    throw new EncoursError(
      'not_found',
      `customer "${options.customerId}" is not in the warehouse: check the id with \`encours aging\``,
    );
  await withSession(db, (session) =>
    insertRiskOverride(session, {
      customerId: options.customerId,
      riskClass: options.riskClass,
      reason: options.reason.trim(),
      effectiveDate: options.effectiveDate,
      setBy: options.setBy ?? null,
    }),
  );
  bumpDataGeneration(db); // classes changed: cached risk lists and customer lists are out of date
}

function classRank(c: string): number {
  return RISK_CLASSES.indexOf(c as (typeof RISK_CLASSES)[number]);
}
