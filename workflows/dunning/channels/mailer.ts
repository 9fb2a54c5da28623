import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import { DunningSendError, type SmtpStage } from './send-errors.js';
import { fileNameFor, writeFileOnce } from './outbox.js';

export interface DunningMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The Message-ID header, `local@domain` with or without angle brackets (see messageIdFor). */
  messageId: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface DunningSendResult {
  accepted: true;
  /** The Message-ID as sent, with angle brackets. */
  messageId: string;
  /** The SMTP server's answer to the message (SMTP mode). */
  response?: string;
  /** The .eml file (outbox mode). */
  outboxFile?: string;
}

export interface DunningMailer {
  /** Resolves once the server accepted the message (or the .eml exists); throws DunningSendError otherwise. */
  send(mail: DunningMail): Promise<DunningSendResult>;
}

export interface DunningMailerOptions {
  /** `smtp://user:pass@host:587`, `smtps://host:465`; query options (`?ignoreTLS=true`) pass to nodemailer. */
  smtpUrl?: string;
  /** Where messages go when there is no smtpUrl: `<outboxDir>/<message id>.eml`. */
  outboxDir: string;
  /** The From address, `Name <address>` or `address`. */
  from: string;
}

/**
 * Reminder emails through SMTP when `smtpUrl` is set, else as .eml files in the outbox (one file per Message-ID:
 * sending the same message again leaves the first file). See send-errors.ts for what a failure says.
 */
export function createDunningMailer(options: DunningMailerOptions): DunningMailer {
  const compose = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const build = async (mail: DunningMail, messageId: string): Promise<Buffer> => {
    const info = await compose.sendMail({
      from: options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId,
      headers: mail.headers,
      attachments: mail.attachments,
    });
    return info.message as Buffer;
  };
  return {
    async send(mail) {
      const messageId = normaliseMessageId(mail.messageId);
      const raw = await build(mail, messageId);
      if (options.smtpUrl) {
        const response = await sendSmtp(
          options.smtpUrl,
          { from: addressOf(options.from), to: [addressOf(mail.to)] },
          raw,
          messageId,
        );
        return { accepted: true, messageId, response };
      }
      try {
        await mkdir(options.outboxDir, { recursive: true });
        const outboxFile = join(options.outboxDir, fileNameFor(messageId, 'eml'));
        await writeFileOnce(outboxFile, raw);
        return { accepted: true, messageId, outboxFile };
      } catch (error) {
        throw new DunningSendError(
          'outbox_failed',
          `could not write the message ${messageId} to the outbox ${options.outboxDir}: ${(error as Error).message}`,
          {
            messageId,
            cause: error,
          },
        );
      }
    },
  };
}

/** A Message-ID for a key (an idempotency key): characters outside RFC 5322 atext percent-encoded, so it stays unique. */
export function messageIdFor(key: string, domain = 'encours.local'): string {
  const local = key.replace(/[^A-Za-z0-9!#$&'*+\-/=?^_`{|}~.]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return `<${local.replace(/^\.|\.$|\.\./g, (dots) => dots.replace(/\./g, '%2E'))}@${domain}>`;
}

function normaliseMessageId(id: string): string {
  const bare = id.trim().replace(/^<(.*)>$/, '$1');
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(bare))
    throw new Error(
      `"${id}" is not a Message-ID (local@domain); build one from the idempotency key with messageIdFor()`,
    );
  return `<${bare}>`;
}

function addressOf(mailbox: string): string {
  const match = /<([^<>]+)>\s*$/.exec(mailbox);
  return (match ? match[1]! : mailbox).trim();
}

const STAGES: [RegExp, SmtpStage][] = [
  [/^(CONN|API)$/, 'connect'],
  [/^(EHLO|HELO|LHLO|STARTTLS)/, 'greeting'],
  [/^AUTH/, 'auth'],
  [/^(MAIL FROM|RCPT TO)/, 'envelope'],
  [/^DATA/, 'data'],
];

interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

/**
 * One message over one SMTP connection (nodemailer's SMTPConnection, so that the send knows how far it got): the
 * message body is a stream whose end marks the point after which a broken connection leaves the outcome unknown.
 */
async function sendSmtp(
  url: string,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  messageId: string,
): Promise<string> {
  const settings = parseConnectionUrl(url) as SMTPConnection.Options & { auth?: SMTPConnection.Credentials };
  const { auth, ...connectionOptions } = settings;
  // shorter than nodemailer's defaults (2 min / 30 s / 10 min) so a send fails within an activity's minute;
  // the URL's query (?socketTimeout=…) still wins
  const connection = new SMTPConnection({
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 45_000,
    ...connectionOptions,
  });
  let stage: SmtpStage = 'connect';
  let bodySent = false;
  const where = `SMTP ${connectionOptions.host ?? '?'}:${connectionOptions.port ?? '?'}`;
  const fail = (error: SmtpError): DunningSendError => {
    const refused = typeof error.responseCode === 'number' && error.responseCode >= 400;
    const errorStage =
      bodySent && !refused
        ? 'after_data'
        : (STAGES.find(([re]) => re.test(error.command ?? ''))?.[1] ?? stage);
    const unknown = bodySent && !refused;
    const what = unknown
      ? `the message ${messageId} was fully sent to ${where} but the connection failed before the server answered (${error.message}): it may or may not have been accepted; do not resend it blindly`
      : `${where} did not accept the message ${messageId} (${errorStage}: ${error.message})`;
    return new DunningSendError(unknown ? 'outcome_unknown' : 'not_accepted', what, {
      stage: errorStage,
      responseCode: error.responseCode,
      response: error.response,
      permanent: refused ? error.responseCode! >= 500 : undefined,
      messageId,
      cause: error,
    });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.connect((error?: Error) => (error ? reject(error) : resolve()));
    });
    stage = 'auth';
    if (auth?.user)
      await new Promise<void>((resolve, reject) =>
        connection.login(auth, (error) => (error ? reject(error) : resolve())),
      );
    stage = 'envelope';
    const body = Readable.from([raw], { objectMode: false });
    body.once('end', () => (bodySent = true));
    const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) => {
      connection.removeAllListeners('error');
      connection.on('error', () => undefined); // the send callback gets the same error
      connection.send(envelope, body, (error, result) => (error ? reject(error) : resolve(result)));
    });
    if (info.rejected.length > 0)
      throw Object.assign(new Error(`recipient refused: ${info.rejected.join(', ')}`), {
        command: 'RCPT TO',
      });
    connection.quit();
    return info.response;
  } catch (error) {
    connection.close();
    throw fail(error as SmtpError);
  }
}
