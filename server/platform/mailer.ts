import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { randomSecret } from './ids.ts';

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  /** Where mail goes, for the start-up message: the SMTP host or the outbox folder. */
  readonly destination: string;
  send(mail: Mail): Promise<void>;
}

/**
 * Mail through SMTP when SMTP_URL is set; otherwise every message is written as an .eml file to
 * DATA_DIR/outbox (mode 0600), so a fresh installation works without a mail server and nothing is
 * silently dropped. Messages are plain text: links and pseudonyms only, never case content.
 */
export function createMailer(options: { smtpUrl: string | undefined; dataDir: string; from: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    const url = new URL(options.smtpUrl);
    return {
      destination: `smtp ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 25)}`,
      async send(mail) {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      },
    };
  }
  const outbox = path.join(options.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    destination: outbox,
    async send(mail) {
      const info = await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      mkdirSync(outbox, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomSecret(6)}.eml`;
      writeFileSync(path.join(outbox, name), info.message as Buffer, { mode: 0o600 });
    },
  };
}
