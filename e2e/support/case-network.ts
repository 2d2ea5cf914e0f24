import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap } from '../../server/bootstrap.ts';
import { serve } from '../../server/main.ts';
import { createOrganisation, createTenant, createUser } from '../../server/modules/accounts/index.ts';
import { loadConfig, type Config } from '../../server/platform/config.ts';
import { createTestDatabase, type DatabaseTarget } from '../../server/test/databases.ts';
import { secretOf } from '../../server/test/harness.ts';
import type { Locale } from './messages.ts';
import type { AppContext } from '../../server/context.ts';

/**
 * A small fictional network for the case journeys: the city's coordinator and a social worker of the
 * public social welfare centre who joins one case as a guest, and the data protection officer. Nothing here describes a real person or
 * service; addresses use the reserved `.example` domain.
 */
export const CASE_NETWORK = {
  tenant: { slug: 'rivierstede', name: 'Lokaal netwerk Rivierstede' },
  organisations: {
    city: { name: 'Stad Rivierstede', sector: 'city', secrecyRegime: 'discretion', protocolSignedOn: '2025-01-13' },
    welfare: { name: 'OCMW Rivierstede', sector: 'welfare', secrecyRegime: 'professional_secrecy' },
    police: { name: 'Politiezone Rivierstede', sector: 'police', secrecyRegime: 'investigation_secrecy', protocolSignedOn: '2025-01-20' },
  },
  coordinator: { name: 'Ines Vandamme', email: 'ines.vandamme@rivierstede.example', organisation: 'city' },
  guest: { name: 'Yusuf Demir', email: 'yusuf.demir@ocmw-rivierstede.example', organisation: 'welfare' },
  dpo: { name: 'Hilde Verstraete', email: 'hilde.verstraete@rivierstede.example', organisation: 'city' },
  admin: { name: 'Wout Declercq', email: 'wout.declercq@rivierstede.example', organisation: 'city' },
  password: 'een lange zin die alleen de test kent',
} as const;

export interface SeededPerson {
  readonly name: string;
  readonly email: string;
  /** Base32 key of the person's authenticator app, as enrolment would have shown it. */
  readonly totpSecret: string;
  readonly id: string;
  readonly organisationId: string;
}

type SeededPeople = { coordinator: SeededPerson; guest: SeededPerson; dpo: SeededPerson; admin: SeededPerson };

/** More fictional data a journey needs before the server starts (a table, a case …), made through the use cases. */
export type ExtraSeed = (seeded: {
  ctx: AppContext;
  tenantId: string;
  organisationIds: Record<string, string>;
  people: SeededPeople;
}) => Promise<void>;

export interface RunningCaseApp {
  readonly url: string;
  readonly coordinator: SeededPerson;
  readonly guest: SeededPerson;
  readonly dpo: SeededPerson;
  readonly admin: SeededPerson;
  stop(): Promise<void>;
}

/** Creates the tenant, its organisations and the people (with password and authenticator) through the use cases. */
async function seed(config: Config, locale: Locale, extra?: ExtraSeed): Promise<SeededPeople> {
  const { ctx } = await bootstrap(config);
  try {
    const tenant = await createTenant({ ...CASE_NETWORK.tenant, defaultLocale: 'nl' }, ctx);
    const operator = ctx.system.operatorActor({ id: tenant.id });
    const organisationIds: Record<string, string> = {};
    for (const [key, organisation] of Object.entries(CASE_NETWORK.organisations)) {
      organisationIds[key] = (await createOrganisation({ input: organisation }, operator, ctx)).id;
    }
    const person = async (
      who: 'coordinator' | 'guest' | 'dpo' | 'admin',
      roles: ('coordinator' | 'professional' | 'dpo' | 'admin')[],
    ): Promise<SeededPerson> => {
      const { name, email, organisation } = CASE_NETWORK[who];
      const created = await createUser(
        { input: { email, name, organisationId: organisationIds[organisation]!, roles, locale }, password: CASE_NETWORK.password, enrolMfa: true },
        operator,
        ctx,
      );
      return { name, email, totpSecret: secretOf(created.otpauthUri!), id: created.user.id, organisationId: organisationIds[organisation]! };
    };
    const people = {
      coordinator: await person('coordinator', ['coordinator']),
      guest: await person('guest', ['professional']),
      dpo: await person('dpo', ['dpo']),
      admin: await person('admin', ['admin']),
    };
    await extra?.({ ctx, tenantId: tenant.id, organisationIds, people });
    return people;
  } finally {
    await ctx.handle.close();
  }
}

/**
 * Starts the real application on a fresh database of the target kind with the case network seeded
 * first (through its own connection, closed before the server opens the database). The people's
 * language is the journey's, so every page they see is in it.
 */
export async function startCaseApp(target: DatabaseTarget, locale: Locale, extra?: ExtraSeed): Promise<RunningCaseApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-e2e-cases-'));
  const database = target.kind === 'postgres' ? await createTestDatabase(target) : null;
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ...(database ? { DATABASE_URL: database.location } : {}),
    });
    const people = await seed(config, locale, extra);
    const server = await serve(config, { port: 0, quiet: true });
    return {
      url: server.url,
      ...people,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          await database?.dispose();
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
