/**
 * `npm run bench:first-visit`: the bytes a browser fetches on a first visit to the home page (the page
 * itself, the stylesheet, our script and htmx), sent as they are, with gzip and with brotli. Prints ONE
 * JSON line with the sizes per address, the totals and the compressed share. Runs in process
 * (Fastify's inject), SQLite in a temporary directory; nothing is timed.
 */
import { ASSETS } from '../server/ui/assets.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, seedTenant } from '../server/test/harness.ts';
import { PageClient, signInWithPages } from '../server/test/page-client.ts';

const ENCODINGS = ['identity', 'gzip', 'br'] as const;

async function main(): Promise<void> {
  const env = await createTestEnvironment({ kind: 'sqlite' });
  const app = await createTestApp(env.ctx);
  try {
    const tenant = await seedTenant(env.ctx);
    const client = new PageClient(app);
    await signInWithPages(client, {
      email: tenant.adminEmail,
      password: tenant.adminPassword,
      code: () => nextTotpCode(tenant.adminTotpSecret, env.clock),
    });
    const sizes: Record<string, Record<(typeof ENCODINGS)[number], number>> = {};
    for (const path of ['/', ...Object.values(ASSETS).map((asset) => asset.hashedPath)]) {
      const row = { identity: 0, gzip: 0, br: 0 };
      for (const encoding of ENCODINGS) {
        const headers = { 'accept-encoding': encoding };
        const response = path === '/' ? await client.get(path, headers) : await app.inject({ url: path, headers });
        row[encoding] = response.rawPayload.length;
      }
      sizes[path] = row;
    }
    const total = (encoding: (typeof ENCODINGS)[number]) => Object.values(sizes).reduce((sum, row) => sum + row[encoding], 0);
    const totals = { identity: total('identity'), gzip: total('gzip'), br: total('br') };
    console.log(
      JSON.stringify({
        bench: 'first-visit',
        sizes,
        totals,
        gzipShare: Number((totals.gzip / totals.identity).toFixed(3)),
        brShare: Number((totals.br / totals.identity).toFixed(3)),
      }),
    );
  } finally {
    await app.close();
    await env.dispose();
  }
}

await main();
