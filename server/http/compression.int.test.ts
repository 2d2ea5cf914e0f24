import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, seedTenant, type SeededTenant, type TestEnvironment } from '../test/harness.ts';
import { PageClient, signInWithPages } from '../test/page-client.ts';
import { ASSETS, hashedName, IMMUTABLE_CACHE } from '../ui/assets.ts';

test('a hashed name carries twelve hex digits of the content and changes with it', () => {
  const first = hashedName('/public/app.css', Buffer.from('body { color: black }'));
  const second = hashedName('/public/app.css', Buffer.from('body { color: navy }'));
  assert.match(first, /^\/public\/app\.[0-9a-f]{12}\.css$/, 'the hash sits between the name and the extension');
  assert.notEqual(first, second, 'other content gives another name');
  assert.equal(hashedName('/public/app.css', Buffer.from('body { color: black }')), first, 'the same content gives the same name');
});

for (const target of databaseTargets()) {
  describe(`compression and asset caching on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let signedIn: PageClient;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      signedIn = new PageClient(app);
      await signInWithPages(signedIn, {
        email: tenant.adminEmail,
        password: tenant.adminPassword,
        code: () => nextTotpCode(tenant.adminTotpSecret, env.clock),
      });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a page references the hashed asset names and is sent with brotli or gzip, as accepted, and never cached', async () => {
      const plain = await signedIn.get('/');
      assert.equal(plain.statusCode, 200, 'the home page answers 200');
      assert.equal(plain.headers['content-encoding'], undefined, 'without Accept-Encoding the page is sent as it is');
      for (const asset of Object.values(ASSETS)) {
        assert.ok(plain.body.includes(`"${asset.hashedPath}"`), `the page references ${asset.hashedPath}`);
        assert.ok(!plain.body.includes(`"${asset.plainPath}"`), `the page does not reference the plain ${asset.plainPath}`);
      }
      const gzip = await signedIn.get('/', { 'accept-encoding': 'gzip' });
      assert.equal(gzip.headers['content-encoding'], 'gzip', 'the page is gzipped for a client that accepts only gzip');
      assert.equal(gzip.headers['cache-control'], 'no-store', 'a compressed page is still no-store');
      assert.match(gunzipSync(gzip.rawPayload).toString('utf8'), /<html lang="nl">/, 'the gzipped body is the page');
      const br = await signedIn.get('/', { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.headers['content-encoding'], 'br', 'brotli is preferred when the client accepts it');
      assert.match(brotliDecompressSync(br.rawPayload).toString('utf8'), /<html lang="nl">/, 'the brotli body is the page');
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, 'the compressed page is less than half the size');
    });

    test('the JSON API is compressed and never cached', async () => {
      const response = await app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(response.headers['content-encoding'], 'gzip', 'the OpenAPI document is gzipped');
      assert.equal(response.headers['cache-control'], 'no-store', 'the API answer is no-store');
      assert.ok(JSON.parse(gunzipSync(response.rawPayload).toString('utf8')).openapi, 'the gzipped body is the OpenAPI document');
    });

    test('a tiny answer is sent as it is', async () => {
      const response = await app.inject({ url: '/api/v1/auth/csrf', headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(response.statusCode, 200, 'the CSRF token answers 200');
      assert.equal(response.headers['content-encoding'], undefined, 'a body under 1 KB is not compressed');
    });

    test('hashed assets are immutable for a year and compressed; the plain names keep a short cache', async () => {
      for (const asset of Object.values(ASSETS)) {
        const hashed = await app.inject({ url: asset.hashedPath, headers: { 'accept-encoding': 'br, gzip' } });
        assert.equal(hashed.statusCode, 200, `${asset.hashedPath} answers 200`);
        assert.equal(hashed.headers['cache-control'], IMMUTABLE_CACHE, `${asset.hashedPath} is cached for a year, immutable`);
        assert.equal(hashed.headers['content-encoding'], 'br', `${asset.hashedPath} is sent with brotli`);
        assert.equal(String(hashed.headers['content-type']), asset.contentType, `${asset.hashedPath} has its content type`);
        assert.deepEqual(brotliDecompressSync(hashed.rawPayload), asset.body, `${asset.hashedPath} is the file`);
        const gzip = await app.inject({ url: asset.hashedPath, headers: { 'accept-encoding': 'gzip' } });
        assert.equal(gzip.headers['content-encoding'], 'gzip', `${asset.hashedPath} is gzipped for a gzip-only client`);
        const plain = await app.inject({ url: asset.plainPath, headers: { 'accept-encoding': 'gzip' } });
        assert.equal(plain.statusCode, 200, `the plain ${asset.plainPath} still answers 200`);
        assert.equal(plain.headers['cache-control'], 'public, max-age=300', `the plain ${asset.plainPath} is cached five minutes`);
        assert.equal(plain.headers['content-encoding'], 'gzip', `the plain ${asset.plainPath} is gzipped`);
      }
      const css = await app.inject({ url: ASSETS.css.hashedPath });
      assert.match(String(css.headers['content-security-policy']), /script-src 'self'/, 'the CSP stays on assets');
      const stale = await app.inject({ url: '/public/app.000000000000.css' });
      assert.equal(stale.statusCode, 404, 'a hashed name of another release is not found');
    });
  });
}
