import { operatorGrant } from './app.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '../../server/main.ts';
import type { Clock } from '../../server/platform/clock.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { createTestDatabase, type DatabaseTarget } from '../../server/test/databases.ts';
import { startTestSmtpServer, type ReceivedMail } from '../../server/test/smtp.ts';
import type { RunningApp } from './app.ts';

export interface RunningAppWithMail extends RunningApp {
  /** Every mail the application sent, as received over SMTP by a local test server. */
  readonly mail: { readonly messages: ReceivedMail[]; waitFor(count: number): Promise<void> };
}

/** A port that was free a moment ago (the app needs it up front: PUBLIC_URL, and so the links in mail, name it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('could not reserve a port');
  return address.port;
}

/**
 * Like `startApp`, plus: mail goes over SMTP to a local test server, and the server reads the time
 * from `clock` (so a test can move it: idle sessions, TOTP steps). The port is chosen before start so
 * that the links in mail point at this server (with PORT=0 they would name port 0).
 */
export async function startAppWithMail(target: DatabaseTarget, options: { clock: Clock }): Promise<RunningAppWithMail> {
  const smtp = await startTestSmtpServer();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-e2e-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  try {
    database = target.kind === 'postgres' ? await createTestDatabase(target) : null;
    const port = await freePort();
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: String(port),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Partnertafel <no-reply@rivierstede.example>',
      ...(database ? { DATABASE_URL: database.location } : {}),
    });
    const server = await serve(config, { port, quiet: true, clock: options.clock });
    if (!server.setupUrl) throw new Error('A fresh database must offer the one-time setup link, but serve() returned none.');
    const ownDatabase = database;
    return {
      url: server.url,
      setupUrl: server.setupUrl,
      databaseKind: target.kind,
      grantRolesAsOperator: operatorGrant(server.ctx),
      mail: { messages: smtp.messages, waitFor: (count) => smtp.waitFor(count) },
      stop: async () => {
        try {
          await server.stop();
        } finally {
          await smtp.close();
          await ownDatabase?.dispose();
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await smtp.close();
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export interface ReadMail {
  readonly to: string[];
  readonly subject: string;
  /** The decoded text body (CRLF turned into LF), exactly as the recipient's mail program shows it. */
  readonly text: string;
}

/**
 * Reads a single-part plain-text mail as nodemailer sends it: unfolds the headers, decodes the
 * subject's encoded words (RFC 2047) and the body's transfer encoding (7bit, quoted-printable, base64).
 */
export function readMail(mail: ReceivedMail): ReadMail {
  const separator = mail.raw.search(/\r?\n\r?\n/);
  if (separator < 0) throw new Error('mail without a header/body separator');
  const headerBlock = mail.raw.slice(0, separator).replace(/\r?\n[ \t]+/g, ' ');
  const body = mail.raw.slice(separator).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of headerBlock.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const contentType = headers.get('content-type') ?? 'text/plain';
  if (!/^text\/plain\b/i.test(contentType)) throw new Error(`expected a text/plain mail, got ${contentType}`);
  const charset = /charset="?([^";]+)"?/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  if (charset !== 'utf-8' && charset !== 'us-ascii') throw new Error(`unexpected mail charset ${charset}`);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return { to: mail.to, subject: decodeEncodedWords(headers.get('subject') ?? ''), text: text.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < joined.length; index += 1) {
    const hex = joined.slice(index + 1, index + 3);
    if (joined[index] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(joined[index]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_whole, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
