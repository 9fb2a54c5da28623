import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** How the API sends email (mentions, credit alerts, the digest): injected, so tests and other channels can swap it. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface MailerOptions {
  /** SMTP_URL (smtp://user:pass@host:587); unset: messages are written to `outboxDir` as .eml files. */
  smtpUrl?: string;
  outboxDir: string;
  from?: string;
}

/** SMTP through nodemailer when SMTP_URL is set, else one .eml file per message in $ENCOURS_HOME/outbox/. */
export function createMailer(options: MailerOptions): Mailer {
  const from = options.from ?? 'encours <encours@localhost>';
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(message) {
        await transport.sendMail({ from, ...message });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      mkdirSync(options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      writeFileSync(join(options.outboxDir, name), info.message as Buffer, { flag: 'wx' });
    },
  };
}
