import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { randomSecret } from './ids.ts';

/** A file sent with a mail (e.g. an iCalendar invitation, or an organisation's action points as PDF bytes). */
export interface MailAttachment {
  readonly filename: string;
  readonly content: string | Buffer;
  /** The MIME type with its parameters, e.g. `text/calendar; charset=utf-8; method=REQUEST`. */
  readonly contentType: string;
}

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly attachments?: readonly MailAttachment[];
  /**
   * A stable Message-ID (`<…@…>`) when the same mail may be sent again after a crash: mail clients
   * and calendar programs then see one message.
   */
  readonly messageId?: string;
}

/** The nodemailer message of a Mail, the same for SMTP and the outbox. */
function messageOf(from: string, mail: Mail) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.attachments?.length
      ? { attachments: mail.attachments.map((file) => ({ filename: file.filename, content: file.content, contentType: file.contentType })) }
      : {}),
  };
}

export interface Mailer {
  /** Where mail goes, for the start-up message: the SMTP host or the outbox folder. */
  readonly destination: string;
  send(mail: Mail): Promise<void>;
}

/**
 * Mail through SMTP when SMTP_URL is set; otherwise every message is written as an .eml file to
 * DATA_DIR/outbox (mode 0600), so a fresh installation works without a mail server and nothing is
 * silently dropped. Messages are plain text: links and pseudonyms only, never case content; an
 * attachment (a meeting's calendar file) holds titles and times only.
 */
export function createMailer(options: { smtpUrl: string | undefined; dataDir: string; from: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    const url = new URL(options.smtpUrl);
    return {
      destination: `smtp ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 25)}`,
      async send(mail) {
        await transport.sendMail(messageOf(options.from, mail));
      },
    };
  }
  const outbox = path.join(options.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    destination: outbox,
    async send(mail) {
      const info = await transport.sendMail(messageOf(options.from, mail));
      mkdirSync(outbox, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomSecret(6)}.eml`;
      writeFileSync(path.join(outbox, name), info.message as Buffer, { mode: 0o600 });
    },
  };
}
