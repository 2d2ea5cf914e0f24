/**
 * The baseline the HTTP benches compare the app with: a bare node:http server answering the very bytes
 * the app answered (status, headers minus the per-response ones, body), so a ratio app/raw says what
 * the framework, the access rules, the database and the audit cost on this machine, whatever its speed.
 */
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

/** Headers that describe the connection or the moment, not the answer; node:http sets its own. */
const PER_RESPONSE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

export interface CapturedAnswer {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

/** One real answer of the app; anything but 200 voids the bench. */
export async function captureAnswer(url: string, headers: Record<string, string>): Promise<CapturedAnswer> {
  const response = await fetch(url, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.toString('utf8')}`);
  const kept: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (!PER_RESPONSE_HEADERS.has(name)) kept[name] = value;
  });
  return { status: response.status, headers: kept, body };
}

/** node:http with nothing but the captured answer, listening on 127.0.0.1; resolves to its base URL. */
export async function startRawServer(answer: CapturedAnswer): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
    response.end(answer.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The framework's floor: a bare Fastify (no plugins, no hooks) answering the same captured bytes on
 * any GET, listening on 127.0.0.1. The app's ratio to this one says what our own work costs; this
 * one's ratio to raw node:http what the framework costs before any of it.
 */
export async function startBareFastify(answer: CapturedAnswer): Promise<{ base: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/*', async (_request, reply) => reply.status(answer.status).headers(answer.headers).send(answer.body));
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { base, close: () => app.close() };
}
