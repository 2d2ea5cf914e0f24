import type { AppContext } from './context.ts';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { bootstrap } from './bootstrap.ts';
import { refreshPlannerStatisticsPeriodically } from './db/database.ts';
import { buildApp } from './http/app.ts';
import { newSetupState } from './modules/accounts/index.ts';
import { createJobRunner } from './modules/jobs/index.ts';
import { ensureHandoverScans } from './modules/cases/index.ts';
import { ensureVerificationScans } from './modules/directory/index.ts';
import type { Clock } from './platform/clock.ts';
import { ConfigError, loadConfig, type Config } from './platform/config.ts';

/** A free TCP port on the host, for `--port 0`: known before start, so links in mail are right. */
async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, host, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** How often the server makes sure every network has today's daily scans (an hour). */
const DAILY_SCANS_CHECK_MS = 60 * 60 * 1000;
/** How long a stopping server waits for its open requests before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Starts the web application: config → database (migrated) → HTTP, and with `runJobs` the job runner
 * (the real server does; tests start one only when they ask). Returns a stop function.
 */
export async function serve(
  requested: Config,
  options: { port?: number; quiet?: boolean; clock?: Clock; runJobs?: boolean; dailyScansCheckMs?: number } = {},
): Promise<{ url: string; setupUrl: string | null; ctx: AppContext; stop: () => Promise<void> }> {
  let port = options.port ?? requested.port;
  if (port === 0) port = await freePort(requested.host);
  const config: Config = { ...requested, port, publicUrl: requested.publicUrlFollowsPort ? `http://localhost:${port}` : requested.publicUrl };
  const { ctx, masterKeyCreated } = await bootstrap(config, options.clock ? { clock: options.clock } : {});
  const say = (line: string) => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };
  if (masterKeyCreated) {
    say(`A new master key was created at ${masterKeyCreated} (mode 0600).`);
    say('Back it up now, separately from the database backups: without it the encrypted data cannot be read.');
  }
  const setup = (await ctx.system.countTenants()) === 0 ? newSetupState() : undefined;
  const app = await buildApp(ctx, setup ? { setup: setup.state } : {});
  await app.listen({ port, host: config.host });
  const url = config.publicUrl;
  say(`Partnertafel is running at ${url} (database: ${ctx.handle.kind}).`);
  if (!config.smtpUrl) say(`SMTP_URL is not set: mail is written to ${ctx.mailer.destination} as .eml files.`);
  const setupUrl = setup ? `${url}/setup?token=${setup.token}` : null;
  if (setupUrl) say(`No local network exists yet. Open this one-time setup link: ${setupUrl}`);
  const jobs = options.runJobs ? createJobRunner(ctx, { pollMs: config.jobsPollSeconds * 1000 }) : null;
  // The daily jobs reschedule themselves; today's are made here for every network (the day is their
  // dedupe key, so a restart or another node adds none), and again every hour, so a network set up
  // while the server runs gets its scans without a restart, and a chain a failed job broke resumes.
  const ensureDailyScans = async () => {
    await ensureHandoverScans(ctx);
    await ensureVerificationScans(ctx);
  };
  if (jobs) await ensureDailyScans();
  const dailyScans = jobs
    ? setInterval(() => {
        ensureDailyScans().catch((error: unknown) => ctx.logger.error({ err: error }, 'scheduling the daily scans failed'));
      }, options.dailyScansCheckMs ?? DAILY_SCANS_CHECK_MS)
    : null;
  dailyScans?.unref();
  jobs?.start();
  const stopStatistics = refreshPlannerStatisticsPeriodically(ctx.handle.db, {
    onError: (error) => ctx.logger.error({ err: error }, 'refreshing the planner statistics failed'),
  });
  const stop = async () => {
    stopStatistics();
    if (dailyScans) clearInterval(dailyScans);
    // The runner first: it finishes the job in hand and claims no more while the database is open.
    await jobs?.stop();
    // A client that never reads its answer keeps its connection busy, and close() would wait for it
    // for ever: after a grace period the remaining connections are cut, so SIGTERM always ends.
    const cutConnections = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    cutConnections.unref();
    await app.close();
    clearTimeout(cutConnections);
    await ctx.audit.close();
    await ctx.handle.close();
  };
  return { url, setupUrl, ctx, stop };
}

/** Process entry for `npm start` (scripts/start.mjs calls it from the precompiled bundle). */
export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { stop } = await serve(config, { runJobs: true });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
