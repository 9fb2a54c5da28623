// Reminder messages: templates, email rendering, call scripts and PDF letters.
export { renderCallScript, renderEmail, type RenderedEmail } from './render-email.js';
export { renderLetterPdf } from './letter-pdf.js';
export {
  DEFAULT_ECB_REFINANCING_RATE,
  DEFAULT_NOTICE_DAYS,
  RECOVERY_INDEMNITY_EUR,
  defaultLatePenaltyRate,
  type MessageContext,
  type PaymentDetailsView,
} from './context.js';
export { TEMPLATE_IDS, isTemplateId, type TemplateId } from './templates/template.js';
export { legalMentions, totalRecoveryIndemnity } from './legal-mentions.js';
