import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly to: string[];
  readonly raw: string;
}

/** A real SMTP server on 127.0.0.1 for tests: mail goes over the wire exactly as in production. */
export async function startTestSmtpServer(): Promise<{
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
  waitFor(count: number): Promise<void>;
}> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((entry) => entry.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async waitFor(count) {
      for (let tries = 0; tries < 100 && messages.length < count; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      if (messages.length < count) throw new Error(`expected ${count} mail(s), got ${messages.length}`);
    },
  };
}

/** The first link in a (quoted-printable or plain) mail body. */
export function linkIn(raw: string): string {
  const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = /https?:\/\/[^\s"<>]+/.exec(unfolded);
  if (!match) throw new Error('no link in mail');
  return match[0];
}
