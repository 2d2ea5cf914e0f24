/**
 * Every answer uses the error envelope, also the ones Node's HTTP parser and Fastify's router make
 * before a handler runs, and none of them echoes the URL. Raw sockets, because `inject` bypasses
 * the HTTP parser.
 */
import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestEnvironment, type TestEnvironment } from '../test/harness.ts';

interface RawAnswer {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/** Writes raw bytes and reads until the server closes or the answer is complete. */
function rawRequest(port: number, bytes: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body: split === -1 ? '' : text.slice(split + 4) });
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      const split = text.indexOf('\r\n\r\n');
      if (length && split !== -1 && Buffer.byteLength(text.slice(split + 4), 'latin1') >= Number(length)) {
        socket.destroy();
        finish();
      }
    });
    socket.on('close', finish);
    socket.on('error', (error) => (chunks.length > 0 ? finish() : reject(error)));
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.write(bytes, 'latin1');
  });
}

const MARKER = 'ECHOMARKER';

describe('framework and parser errors use the envelope and never echo the URL', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let port: number;

  before(async () => {
    env = await createTestEnvironment({ kind: 'sqlite' });
    app = await createTestApp(env.ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  const assertEnvelope = (answer: RawAnswer, status: number, code: string, what: string) => {
    assert.equal(answer.status, status, `${what}: status ${status} (got ${answer.status})`);
    assert.match(answer.headers, /content-type: application\/json/i, `${what}: a JSON answer`);
    const parsed = JSON.parse(answer.body) as { error?: { code?: string; message?: string } };
    assert.equal(parsed.error?.code, code, `${what}: error code ${code}`);
    assert.equal(typeof parsed.error?.message, 'string', `${what}: a translated message`);
    assert.deepEqual(Object.keys(parsed), ['error'], `${what}: nothing outside the envelope`);
    assert.ok(!answer.body.includes(MARKER) && !answer.headers.includes(MARKER), `${what}: the URL is not echoed`);
  };

  test('a control character in a header: 400 validation_failed', async () => {
    const answer = await rawRequest(port, `GET /healthz?${MARKER} HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\u0001b\r\n\r\n`);
    assertEnvelope(answer, 400, 'validation_failed', 'control character in a header');
  });

  test('a malformed request line or Content-Length: 400 validation_failed', async () => {
    assertEnvelope(await rawRequest(port, `GET /${MARKER} HTTP/9\r\n\r\n`), 400, 'validation_failed', 'bad HTTP version');
    const badLength = await rawRequest(port, `POST /api/v1/auth/login?${MARKER} HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n`);
    assertEnvelope(badLength, 400, 'validation_failed', 'bad Content-Length');
  });

  test('headers over the limit, or an over-long URL: 431 headers_too_large', async () => {
    const bigHeader = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    assertEnvelope(bigHeader, 431, 'headers_too_large', 'a 20 kB header');
    const longUrl = await rawRequest(port, `GET /api/v1/cases?q=${MARKER}${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    assertEnvelope(longUrl, 431, 'headers_too_large', 'a 20 kB URL');
  });

  test('an over-long path parameter: 414 uri_too_long, API and pages', async () => {
    for (const path of [`/api/v1/users/${MARKER}${'a'.repeat(150)}`, `/admin/users/${MARKER}${'a'.repeat(150)}`]) {
      const answer = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      assertEnvelope(answer, 414, 'uri_too_long', `GET ${path.slice(0, 30)}…`);
    }
  });

  test('a malformed percent-encoding in the path: 400 validation_failed, API and pages', async () => {
    for (const path of [`/api/v1/users/%zz${MARKER}`, `/admin/users/%zz${MARKER}`]) {
      const answer = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nAccept-Language: fr\r\nConnection: close\r\n\r\n`);
      assertEnvelope(answer, 400, 'validation_failed', `GET ${path}`);
      assert.match(answer.body, /valeurs/, 'the message follows Accept-Language');
    }
  });

  test('a body whose length disagrees with Content-Length: 400 validation_failed, never 500', async () => {
    for (const length of ['3', '100']) {
      const answer = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': length },
        payload: '{"email":"a@b.c"}',
      });
      assert.equal(answer.statusCode, 400, `Content-Length ${length} for 17 bytes is the client's error`);
      assert.equal(answer.json().error.code, 'validation_failed', 'inside the envelope');
    }
  });
});
