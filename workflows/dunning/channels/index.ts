// How reminders leave: SMTP or the .eml outbox, letters saved once per key, and the context messages are rendered with.
export {
  createDunningMailer,
  messageIdFor,
  type DunningMail,
  type DunningMailer,
  type DunningMailerOptions,
  type DunningSendResult,
} from './mailer.js';
export {
  DunningSendError,
  isNotAccepted,
  isOutcomeUnknown,
  type DunningSendErrorCode,
  type SmtpStage,
} from './send-errors.js';
export { saveLetter, fileNameFor, writeFileOnce } from './outbox.js';
export {
  createMessageContextLoader,
  loadMessageContext,
  parseMailbox,
  type MessageContextDeps,
} from './load-message-context.js';
