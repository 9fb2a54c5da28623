/**
 * Why a send failed, as far as the sender can know:
 * - `not_accepted`: the receiving server certainly did not take the message: the connection was refused or dropped,
 *   the greeting, EHLO, STARTTLS or AUTH failed, MAIL FROM / RCPT TO / DATA were refused, the server answered the
 *   message with 4xx/5xx, or the connection broke while the message body was still being sent (a server accepts a
 *   message only after the final "." that ends it). Sending again is safe; `permanent` (a 5xx answer) says it would be
 *   refused again as is.
 * - `outcome_unknown`: the whole message had been handed to the connection and its final "." followed, then the
 *   connection broke or timed out before the server's answer. The server may have queued it: sending again may
 *   deliver it twice. Nobody can tell from this side; mark the send for review instead of repeating it (the
 *   Message-ID lets a receiving side drop a duplicate, but few do).
 * - `outbox_failed`: the .eml could not be written (disk full, permissions); nothing was sent.
 */
export type DunningSendErrorCode = 'not_accepted' | 'outcome_unknown' | 'outbox_failed';

/** The SMTP exchange a failure happened in. */
export type SmtpStage = 'connect' | 'greeting' | 'auth' | 'envelope' | 'data' | 'after_data';

export class DunningSendError extends Error {
  /** false when the message was certainly not accepted; 'unknown' when it may have been. */
  readonly accepted: false | 'unknown';
  constructor(
    readonly code: DunningSendErrorCode,
    message: string,
    readonly details: {
      stage?: SmtpStage;
      /** The server's answer code (e.g. 550), when it gave one. */
      responseCode?: number;
      response?: string;
      /** A 5xx answer: sending the same message again will be refused again. */
      permanent?: boolean;
      messageId: string;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.name = 'DunningSendError';
    this.accepted = code === 'outcome_unknown' ? 'unknown' : false;
  }
}

export function isNotAccepted(error: unknown): error is DunningSendError {
  return error instanceof DunningSendError && error.accepted === false;
}

export function isOutcomeUnknown(error: unknown): error is DunningSendError {
  return error instanceof DunningSendError && error.code === 'outcome_unknown';
}
