import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type Attachment } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the listener accepted, parsed. */
export interface ParsedMessage {
  /** The Message-ID header, with angle brackets. */
  messageId: string | undefined;
  /** Envelope recipients (RCPT TO), in order. */
  to: string[];
  /** Envelope sender (MAIL FROM). */
  from: string;
  subject: string | undefined;
  text: string | undefined;
  /** The HTML part, or undefined. */
  html: string | undefined;
  attachments: Attachment[];
  /** Header names in lower case → their text (the first value when repeated). */
  headers: Record<string, string>;
  /** The message as received. */
  raw: Buffer;
}

export interface SmtpListener {
  /** `smtp://127.0.0.1:<port>`: give it to createDunningMailer({ smtpUrl }). */
  url: string;
  /** Accepted messages, in the order the listener answered 250 to them. */
  messages: ParsedMessage[];
  /**
   * Refuses the next `n` messages at `stage`: 'rcpt' answers RCPT TO with `code` (default 550); 'data' reads the whole
   * message then answers its final "." with `code` (default 451). A refused message is not in `messages`.
   */
  rejectNext(n: number, stage: 'rcpt' | 'data', code?: number): void;
  /** Closes the next `n` connections as soon as they are opened, before the greeting. */
  dropConnectionsNext(n: number): void;
  close(): Promise<void>;
}

export interface SmtpListenerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

/**
 * A real SMTP server on loopback for tests (smtp-server: no TLS, no AUTH, size unlimited), recording every message
 * it accepted, parsed with mailparser. Refusals and dropped connections can be queued to test senders' failures.
 */
export async function startSmtpListener(options: SmtpListenerOptions = {}): Promise<SmtpListener> {
  const messages: ParsedMessage[] = [];
  const rejections: { stage: 'rcpt' | 'data'; code: number }[] = [];
  let drops = 0;
  const takeRejection = (stage: 'rcpt' | 'data') => {
    const index = rejections.findIndex((r) => r.stage === stage);
    return index < 0 ? undefined : rejections.splice(index, 1)[0];
  };
  const refusal = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const rejection = takeRejection('rcpt');
      if (rejection) return callback(refusal(rejection.code, `Recipient ${address.address} refused (test)`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const rejection = takeRejection('data');
        if (rejection) return callback(refusal(rejection.code, 'Message refused (test)'));
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines)
              headers[line.key] ??= line.line.slice(line.line.indexOf(':') + 1).trim();
            messages.push({
              messageId: parsed.messageId,
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject,
              text: parsed.text,
              html: parsed.html === false ? undefined : parsed.html,
              attachments: parsed.attachments,
              headers,
              raw,
            });
            callback();
          })
          .catch((error: Error) => callback(refusal(554, `unparsable message: ${error.message}`)));
      });
    },
  });
  server.on('error', () => undefined); // a dropped test connection is not a listener failure
  // Runs before smtp-server's own connection handler: a dropped socket never gets a greeting.
  server.server.prependListener('connection', (socket: Socket) => {
    if (drops > 0) {
      drops--;
      socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejectNext(n, stage, code) {
      for (let i = 0; i < n; i++) rejections.push({ stage, code: code ?? (stage === 'rcpt' ? 550 : 451) });
    },
    dropConnectionsNext(n) {
      drops += n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
