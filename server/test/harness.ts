import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Actor, Role } from '../access/actor.ts';
import { isPrivilegedStatement } from '../access/tenant-guard.ts';
import { contextFromHandle } from '../bootstrap.ts';
import type { AppContext } from '../context.ts';
import { openPostgres, openSqlite } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { createApiToken, createOrganisation, createTenant, createUser, newSetupState, type SetupState } from '../modules/accounts/index.ts';
import { Secret, TOTP } from 'otpauth';
import { FakeClock } from '../platform/clock.ts';
import { loadConfig, type Config } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { createMigratedTestDatabase, type DatabaseTarget, type TestDatabase } from './databases.ts';

export interface TestEnvironment {
  readonly ctx: AppContext;
  readonly clock: FakeClock;
  readonly database: TestDatabase;
  dispose(): Promise<void>;
}

/** A migrated database of the target kind with an AppContext around it and a fake clock. */
export async function createTestEnvironment(target: DatabaseTarget, overrides: Partial<Config> = {}): Promise<TestEnvironment> {
  const database = await createMigratedTestDatabase(target);
  const clock = new FakeClock();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-data-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }), ...overrides };
  const ctx = contextFromHandle(database.handle, { config, masterKey: randomBytes(32), clock, logger: createLogger('silent') });
  forgetPrincipalsOnFixtureWrites(ctx);
  return {
    ctx,
    clock,
    database,
    dispose: async () => {
      await ctx.audit.close();
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const LAST_USED = /^update "api_tokens" set "last_used_at" = \S+ where "id" = \S+$/;
const PRINCIPAL_WRITE = /^\s*(update|insert into|delete from)\s+"(users|user_roles|api_tokens)"/i;

/**
 * Tests change users (language, status, name) through the raw handle and expect the next request to
 * see it, as a change made on this node would be. Such fixture writes forget the node's principal
 * cache; the use cases' own writes (the guarded view) do not, so their own forgetting is what tests
 * check. A change made on another node is a `secondNode`, whose writes this node is not told of.
 */
function forgetPrincipalsOnFixtureWrites(ctx: AppContext): void {
  ctx.handle.observeStatements((query) => {
    // The node's own last-used bookkeeping changes nothing a principal holds.
    if (isPrivilegedStatement(query) && PRINCIPAL_WRITE.test(query.sql) && !LAST_USED.test(query.sql)) ctx.system.principalsChanged();
  });
}

/**
 * A second application node on the environment's database: its own connection (pool), the same
 * config, master key and fake clock. For tests of what two nodes do at once; close it when done.
 */
export function secondNode(
  env: TestEnvironment,
  options: Pick<Parameters<typeof contextFromHandle>[1], 'auditSeams'> = {},
): { ctx: AppContext; close: () => Promise<void> } {
  const handle = env.ctx.handle.kind === 'postgres' ? openPostgres(env.database.location) : openSqlite(env.database.location);
  const ctx = contextFromHandle(handle, {
    config: env.ctx.config,
    masterKey: env.ctx.masterKey,
    clock: env.clock,
    logger: createLogger('silent'),
    ...(options.auditSeams && { auditSeams: options.auditSeams }),
  });
  return {
    ctx,
    close: async () => {
      await ctx.audit.close();
      await handle.close();
    },
  };
}

/** The Fastify app for `inject` tests; pass a setup state to test first-run setup. */
export function createTestApp(ctx: AppContext, setup?: SetupState): Promise<FastifyInstance> {
  return buildApp(ctx, setup ? { setup } : {});
}

export { newSetupState };

let counter = 0;
/** A unique, fictional suffix for names and emails within one test run. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export interface SeededTenant {
  readonly tenantId: string;
  readonly slug: string;
  readonly organisationId: string;
  readonly admin: Actor;
  readonly adminEmail: string;
  readonly adminToken: string;
  readonly adminPassword: string;
  /** Base32 TOTP secret of the administrator's authenticator. */
  readonly adminTotpSecret: string;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** The base32 secret inside an otpauth:// URI. */
export function secretOf(otpauthUri: string): string {
  return new URL(otpauthUri).searchParams.get('secret')!;
}

/**
 * The current code of an authenticator. Codes are single use, so the clock moves one 30-second
 * step forward first: two sign-ins in a row never reuse a code.
 */
export function nextTotpCode(secret: string, clock: FakeClock): string {
  clock.advance(30_000);
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: clock.now().getTime() });
}

/** A tenant with one organisation and an administrator who has an API token. */
export async function seedTenant(ctx: AppContext, options: { slug?: string; name?: string } = {}): Promise<SeededTenant> {
  const slug = options.slug ?? unique('net');
  const { id: tenantId } = await createTenant({ slug, name: options.name ?? `Network ${slug}`, defaultLocale: 'nl' }, ctx);
  const operator = ctx.system.operatorActor({ id: tenantId });
  const organisation = await createOrganisation(
    { input: { name: 'City of Rivierstede', sector: 'city', secrecyRegime: 'discretion' } },
    operator,
    ctx,
  );
  const adminEmail = `${unique('admin')}@rivierstede.example`;
  const created = await createUser(
    { input: { email: adminEmail, name: 'Alex Admin', organisationId: organisation.id, roles: ['admin'] }, password: TEST_PASSWORD, enrolMfa: true },
    operator,
    ctx,
  );
  const token = await createApiToken({ email: adminEmail, name: 'tests', tenantId }, ctx);
  return {
    tenantId,
    slug,
    organisationId: organisation.id,
    adminEmail,
    adminToken: token.token,
    adminPassword: TEST_PASSWORD,
    adminTotpSecret: secretOf(created.otpauthUri!),
    admin: actorFor({ tenantId, userId: created.user.id, organisationId: organisation.id, roles: ['admin'] }),
  };
}

/** An actor as the request layer would build it, for use-case tests. */
export function actorFor(options: { tenantId: string; userId: string; organisationId: string; roles: Role[] }): Actor {
  return {
    tenantId: options.tenantId,
    userId: options.userId,
    organisationId: options.organisationId,
    roles: new Set(options.roles),
    locale: null,
    authentication: { kind: 'token', tokenId: 'test' },
  };
}

/** Adds a user with the given roles and returns their API token. */
export async function seedUser(
  ctx: AppContext,
  tenant: SeededTenant,
  roles: Role[],
  options: { password?: string; organisationId?: string } = {},
): Promise<{ id: string; email: string; token: string; actor: Actor; totpSecret: string; recoveryCodes: string[] }> {
  const email = `${unique('user')}@rivierstede.example`;
  const organisationId = options.organisationId ?? tenant.organisationId;
  const created = await createUser(
    { input: { email, name: 'Robin Tester', organisationId, roles }, enrolMfa: true, ...(options.password && { password: options.password }) },
    tenant.admin,
    ctx,
  );
  const token = await createApiToken({ email, name: 'tests', tenantId: tenant.tenantId }, ctx);
  return {
    id: created.user.id,
    email,
    token: token.token,
    actor: actorFor({ tenantId: tenant.tenantId, userId: created.user.id, organisationId, roles }),
    totpSecret: secretOf(created.otpauthUri!),
    recoveryCodes: created.recoveryCodes!,
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
