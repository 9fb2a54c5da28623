import type { Language } from '../types.js';
import { defaultLatePenaltyRate, RECOVERY_INDEMNITY_EUR } from './context.js';
import { formatMoney, formatPercent, multiplyAmount } from './format.js';

export interface LegalTerms {
  /** Annual penalty rate in percent ('12.15'). */
  latePenaltyRate: string;
  invoiceCount: number;
  noticeDays: number;
}

/** The indemnity the notice claims: 40 EUR per late invoice, as an exact decimal string. */
export function totalRecoveryIndemnity(invoiceCount: number): string {
  return multiplyAmount(RECOVERY_INDEMNITY_EUR, invoiceCount);
}

/**
 * The legal mentions of a formal or final notice (French B2B law, art. L441-10 and D441-5 du Code de commerce):
 * late-payment penalties at the rate, the fixed 40 EUR recovery indemnity per invoice and its total, the deadline
 * and the consequence. The rate's basis (ECB + 10 points) is named only when it is that default.
 */
export function legalMentions(language: Language, terms: LegalTerms): string[] {
  const rate = formatPercent(terms.latePenaltyRate, language);
  const isDefault = terms.latePenaltyRate === defaultLatePenaltyRate();
  const unit = formatMoney(RECOVERY_INDEMNITY_EUR, 'EUR', language);
  const total = formatMoney(totalRecoveryIndemnity(terms.invoiceCount), 'EUR', language);
  const n = terms.invoiceCount;
  if (language === 'fr')
    return [
      `Conformément à l’article L441-10 du Code de commerce, toute somme non payée à son échéance porte de plein droit des pénalités de retard au taux annuel de ${rate}${isDefault ? ' (taux de refinancement de la Banque centrale européenne majoré de 10 points)' : ''}, exigibles sans qu’un rappel soit nécessaire.`,
      `S’y ajoute l’indemnité forfaitaire pour frais de recouvrement de ${unit} par facture payée en retard (articles L441-10 et D441-5 du Code de commerce), soit ${total} pour ${n > 1 ? `les ${n} factures concernées` : 'la facture concernée'}.`,
      `À défaut de règlement dans un délai de ${terms.noticeDays} jours à compter de la réception de la présente, nous engagerons une procédure de recouvrement judiciaire à votre encontre, sans autre préavis, les frais en résultant restant à votre charge.`,
    ];
  return [
    `Under article L441-10 of the French Commercial Code (Code de commerce), any sum not paid by its due date automatically bears late-payment penalties at the annual rate of ${rate}${isDefault ? ' (the European Central Bank refinancing rate plus 10 percentage points)' : ''}, payable without any reminder being necessary.`,
    `In addition, a fixed indemnity for recovery costs of ${unit} is due for each invoice paid late (articles L441-10 and D441-5 of the French Commercial Code), i.e. ${total} for the ${n > 1 ? `${n} invoices` : 'invoice'} concerned.`,
    `Failing payment within ${terms.noticeDays} days of receipt of this notice, we will initiate legal recovery proceedings against you without further notice, the resulting costs being borne by you.`,
  ];
}
