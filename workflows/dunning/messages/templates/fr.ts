import type { LanguageLabels, TemplateId, TemplateText } from './template.js';

const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);
const invoices = (n: number) => plural(n, 'la facture ci-dessous', `les ${n} factures ci-dessous`);

export const FR_LABELS: LanguageLabels = {
  greeting: (name) => `Bonjour ${name},`,
  regards: 'Cordialement,',
  colon: '\u00a0: ',
  columns: {
    reference: 'Facture',
    issueDate: 'Date',
    dueDate: 'Échéance',
    amount: 'Montant',
    open: 'Reste dû',
    daysLate: 'Retard (j)',
  },
  daysLate: (days) => (days < 0 ? `dans ${-days} j` : days === 0 ? 'aujourd’hui' : String(days)),
  total: 'Total restant dû',
  payTo: 'Coordonnées de paiement',
  beneficiary: 'Bénéficiaire',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: (refs) => `Merci d’indiquer en référence du virement : ${refs}`,
  noPaymentDetails: 'Pour connaître nos coordonnées bancaires, répondez simplement à ce message.',
  portal: 'Consultez vos factures, annoncez une date de paiement ou signalez un litige sur votre espace :',
  portalLinkText: 'Accéder à mon espace',
};

export const FR_TEMPLATES: Record<TemplateId, TemplateText> = {
  prevention: {
    title: 'Échéance prochaine',
    subject: (f) => `${f.companyName} : échéance prochaine, ${f.total}`,
    opening: (f) => [
      `Pour faciliter votre organisation, nous vous rappelons que ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'arrive', 'arrivent')} bientôt à échéance (à partir du ${f.firstDueDate}).`,
    ],
    closing: () => ['Si le règlement est déjà programmé, merci de ne pas tenir compte de ce message.'],
    legal: false,
    howToPay: true,
  },
  reminder_friendly: {
    title: 'Rappel de paiement',
    subject: (f) =>
      `${f.companyName} : rappel de facture${plural(f.invoiceCount, '', 's')} échue${plural(f.invoiceCount, '', 's')}, ${f.total}`,
    opening: (f) => [
      `Sauf erreur de notre part, ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'reste', 'restent')} impayée${plural(f.invoiceCount, '', 's')} à ce jour.`,
      'Il s’agit peut-être d’un simple oubli : nous vous remercions de bien vouloir procéder au règlement.',
    ],
    closing: () => ['Si votre paiement a croisé ce message, merci de ne pas en tenir compte.'],
    legal: false,
    howToPay: true,
  },
  reminder_firm: {
    title: 'Relance de paiement',
    subject: (f) => `${f.companyName} : relance, ${f.total} en retard de paiement`,
    opening: (f) => [
      `Malgré notre précédent rappel, ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'demeure', 'demeurent')} impayée${plural(f.invoiceCount, '', 's')}, avec un retard allant jusqu’à ${f.maxDaysLate} jours.`,
      'Nous vous demandons de régulariser cette situation sans délai, ou de nous indiquer la date à laquelle le règlement interviendra.',
    ],
    closing: () => [
      'En cas de désaccord sur une facture, merci de nous le signaler pour que nous puissions l’examiner.',
    ],
    legal: false,
    howToPay: true,
  },
  formal_notice: {
    title: 'Mise en demeure de payer',
    subject: (f) => `${f.companyName} : mise en demeure de payer ${f.total}`,
    opening: (f) => [
      `Malgré nos relances, ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'demeure', 'demeurent')} impayée${plural(f.invoiceCount, '', 's')}.`,
      `Par la présente, nous vous mettons en demeure de nous régler la somme de ${f.total} dans un délai de ${f.noticeDays} jours.`,
    ],
    closing: () => [
      'Le présent message vaut mise en demeure de payer au sens de l’article 1344 du Code civil.',
    ],
    legal: true,
    howToPay: true,
  },
  final_notice: {
    title: 'Dernier avis avant recouvrement contentieux',
    subject: (f) => `${f.companyName} : dernier avis avant recouvrement contentieux, ${f.total}`,
    opening: (f) => [
      `Nos relances et notre mise en demeure sont restées sans effet : ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'demeure', 'demeurent')} impayée${plural(f.invoiceCount, '', 's')}.`,
      `Ceci est notre dernier avis : sans règlement de ${f.total} sous ${f.noticeDays} jours, le dossier sera transmis pour recouvrement contentieux, sans autre préavis.`,
    ],
    closing: () => [
      'Le présent message vaut mise en demeure de payer au sens de l’article 1344 du Code civil.',
    ],
    legal: true,
    howToPay: true,
  },
  call_script: {
    title: 'Appel de relance',
    subject: (f) => `Appel : ${f.customerName}, ${f.total} en retard`,
    opening: (f) => [
      `Se présenter : ${f.senderName}, service comptabilité clients de ${f.companyName}.`,
      `Objet : ${plural(f.invoiceCount, 'la facture', `les ${f.invoiceCount} factures`)} ci-dessous, ${f.total} au total, jusqu’à ${f.maxDaysLate} jours de retard.`,
      'Demander : la facture a-t-elle bien été reçue ? Est-elle contestée ? À quelle date le paiement sera-t-il fait ?',
    ],
    closing: () => [
      'Noter : la date et le montant promis (promesse de paiement), ou le litige et la facture concernée.',
      'Proposer l’espace client pour annoncer la date de paiement ou signaler un litige.',
    ],
    legal: false,
    howToPay: true,
  },
  thanks: {
    title: 'Remerciements pour votre règlement',
    subject: (f) => `${f.companyName} : merci pour votre règlement`,
    opening: (f) => [
      `Nous avons bien reçu votre règlement pour ${plural(f.invoiceCount, 'la facture ci-dessous', 'les factures ci-dessous')} et vous en remercions.`,
    ],
    closing: () => ['Nous restons à votre disposition pour toute question.'],
    legal: false,
    howToPay: false,
  },
};
