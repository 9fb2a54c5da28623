import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpListener, type SmtpListener } from '../../../test/support/smtp-listener.js';
import { renderEmail } from '../messages/render-email.js';
import { sampleAction, sampleContext } from '../messages/test-fixtures.js';
import { createDunningMailer, messageIdFor, type DunningMail } from './mailer.js';
import { saveLetter } from './outbox.js';
import { DunningSendError, isNotAccepted } from './send-errors.js';

const FROM = 'Acmé Industrie <compta@acme.example>';
let outboxDir: string;

function sampleMail(key = 'collection/ACME/C-042/j+15/2026-03-16'): DunningMail {
  const email = renderEmail(sampleAction({ template: 'formal_notice' }), sampleContext());
  return {
    to: 'Dupont <compta@dupont.example>',
    ...email,
    messageId: messageIdFor(key),
    headers: { 'X-Encours-Key': key },
  };
}

async function freePortWithNothingListening(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  outboxDir = await mkdtemp(join(tmpdir(), 'encours-outbox-'));
});
afterAll(async () => {
  await rm(outboxDir, { recursive: true, force: true });
});

describe('createDunningMailer over SMTP (a real listener on loopback)', () => {
  let listener: SmtpListener;
  beforeAll(async () => {
    listener = await startSmtpListener();
  });
  afterAll(async () => {
    await listener.close();
  });
  afterEach(() => {
    listener.messages.length = 0;
  });

  it('delivers the message with its Message-ID, subject, HTML table and attachment', async () => {
    const mailer = createDunningMailer({ smtpUrl: listener.url, outboxDir, from: FROM });
    const mail = sampleMail();
    const pdf = Buffer.from('%PDF-1.3 test');
    const result = await mailer.send({
      ...mail,
      attachments: [{ filename: 'mise-en-demeure.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    expect(result).toMatchObject({
      accepted: true,
      messageId: '<collection/ACME/C-042/j+15/2026-03-16@encours.local>',
    });
    expect(result.response).toMatch(/^250/);
    expect(listener.messages).toHaveLength(1);
    const [message] = listener.messages;
    expect(message!.messageId).toBe('<collection/ACME/C-042/j+15/2026-03-16@encours.local>');
    expect(message!.to).toEqual(['compta@dupont.example']);
    expect(message!.from).toBe('compta@acme.example');
    expect(message!.subject).toBe(mail.subject);
    expect(message!.subject).toContain('mise en demeure de payer 1\u00a0834,46\u00a0€');
    expect(message!.html).toContain('<table class="invoices"');
    expect(message!.html).toContain('Dupont &lt;script&gt;');
    expect(message!.text).toContain('FA-2026-017');
    expect(message!.headers['x-encours-key']).toBe('collection/ACME/C-042/j+15/2026-03-16');
    expect(message!.attachments[0]!.filename).toBe('mise-en-demeure.pdf');
    expect(message!.attachments[0]!.content.equals(pdf)).toBe(true);
  });

  it('reports a refused RCPT as not accepted, permanently for 5xx', async () => {
    const mailer = createDunningMailer({ smtpUrl: listener.url, outboxDir, from: FROM });
    listener.rejectNext(1, 'rcpt', 550);
    const error = await mailer.send(sampleMail('k-rcpt')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DunningSendError);
    expect(error).toMatchObject({
      code: 'not_accepted',
      accepted: false,
      details: { stage: 'envelope', responseCode: 550, permanent: true },
    });
    expect(listener.messages).toHaveLength(0);
    await mailer.send(sampleMail('k-rcpt'));
    expect(listener.messages).toHaveLength(1);
  });

  it('reports a message refused after DATA (4xx) as not accepted and temporary', async () => {
    const mailer = createDunningMailer({ smtpUrl: listener.url, outboxDir, from: FROM });
    listener.rejectNext(1, 'data', 451);
    const error = await mailer.send(sampleMail('k-data')).catch((e: unknown) => e);
    expect(isNotAccepted(error)).toBe(true);
    expect(error).toMatchObject({ code: 'not_accepted', details: { responseCode: 451, permanent: false } });
    expect(listener.messages).toHaveLength(0);
  });

  it('reports a connection dropped before the greeting as not accepted', async () => {
    const mailer = createDunningMailer({ smtpUrl: listener.url, outboxDir, from: FROM });
    listener.dropConnectionsNext(1);
    const error = await mailer.send(sampleMail('k-drop')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_accepted', accepted: false, details: { stage: 'connect' } });
    await mailer.send(sampleMail('k-drop'));
    expect(listener.messages.map((m) => m.messageId)).toEqual(['<k-drop@encours.local>']);
  });
});

describe('createDunningMailer failures without a listener', () => {
  it('reports a refused connection as not accepted, naming the server', async () => {
    const port = await freePortWithNothingListening();
    const mailer = createDunningMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir, from: FROM });
    const error = await mailer.send(sampleMail()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_accepted', accepted: false, details: { stage: 'connect' } });
    expect((error as Error).message).toContain(`SMTP 127.0.0.1:${port} did not accept`);
  });

  it('reports a server that swallows the message and closes without answering as outcome unknown', async () => {
    // Reads everything, never answers the final ".", then closes: the message may have been taken.
    const server = createServer((socket) => {
      socket.write('220 test ESMTP\r\n');
      let buffer = '';
      let inData = false;
      socket.on('data', (chunk) => {
        buffer += chunk.toString('latin1');
        let at: number;
        while ((at = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          if (inData) {
            if (line === '.') socket.destroy();
            continue;
          }
          if (/^EHLO/i.test(line)) socket.write('250 test\r\n');
          else if (/^DATA/i.test(line)) {
            inData = true;
            socket.write('354 go ahead\r\n');
          } else socket.write('250 OK\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const mailer = createDunningMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir, from: FROM });
      const error = await mailer.send(sampleMail('k-unknown')).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'outcome_unknown',
        accepted: 'unknown',
        details: { stage: 'after_data' },
      });
      expect((error as Error).message).toContain('may or may not have been accepted');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses a malformed Message-ID before sending anything', async () => {
    const mailer = createDunningMailer({ outboxDir, from: FROM });
    await expect(mailer.send({ ...sampleMail(), messageId: 'no at sign' })).rejects.toThrow(
      /not a Message-ID.*messageIdFor/,
    );
  });
});

describe('outbox mode (no SMTP_URL)', () => {
  it('writes one .eml per Message-ID, even when the same message is sent twice', async () => {
    const dir = join(outboxDir, 'eml');
    const mailer = createDunningMailer({ outboxDir: dir, from: FROM });
    const first = await mailer.send(sampleMail());
    const second = await mailer.send(sampleMail());
    expect(second.outboxFile).toBe(first.outboxFile);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^collection_ACME_C-042_j\+15_2026-03-16@encours\.local-[0-9a-f]{12}\.eml$/);
    const parsed = await simpleParser(await readFile(first.outboxFile!));
    expect(parsed.messageId).toBe('<collection/ACME/C-042/j+15/2026-03-16@encours.local>');
    expect(parsed.subject).toContain('mise en demeure');
    expect(parsed.html).toContain('<table class="invoices"');
    await mailer.send(sampleMail('another-key'));
    expect(await readdir(dir)).toHaveLength(2);
  });

  it('saves a letter once per key under letters/', async () => {
    const path = await saveLetter(outboxDir, 'collection/ACME/C-042/j+30', Buffer.from('%PDF-1 first'));
    expect(path).toContain(join(outboxDir, 'letters'));
    expect(await saveLetter(outboxDir, 'collection/ACME/C-042/j+30', Buffer.from('%PDF-1 second'))).toBe(
      path,
    );
    expect((await readFile(path)).toString()).toBe('%PDF-1 first');
    expect((await readdir(join(outboxDir, 'letters'))).filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
  });

  it('builds distinct Message-IDs from keys that differ only in unusual characters', () => {
    expect(messageIdFor('a b')).toBe('<a%20b@encours.local>');
    expect(messageIdFor('a_b')).toBe('<a_b@encours.local>');
    expect(messageIdFor('é:x', 'acme.example')).toBe('<%C3%A9%3Ax@acme.example>');
  });
});
