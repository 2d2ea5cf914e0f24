import type { Role } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import { createOrganisation } from '../modules/accounts/index.ts';
import { addItem, addParticipant, createCase, recordConsent, withdrawConsent } from '../modules/cases/index.ts';
import { newId } from '../platform/ids.ts';
import { seedTenant, seedUser, type SeededTenant } from './harness.ts';
import type { Actor } from '../access/actor.ts';

/**
 * A fictional local network with one person of every kind the need-to-know rules distinguish, two
 * partner tables and two cases, for the case module's tests, its denial matrix and its browser
 * journeys. Every actor sits in an organisation of their own, so organisation-based rules can be
 * told apart; admin, DPO and analyst share the coordinator's city organisation on purpose (their
 * organisation must not open anything for them).
 */
export const WORLD_ACTORS = [
  'coordinator',
  'keyFigureThisTable',
  'keyFigureOtherTable',
  'guestThisCase',
  'guestOtherCase',
  'careNetwork',
  'caseOwnerMember',
  'referrer',
  'outsider',
  'admin',
  'dpo',
  'analyst',
  'otherTenant',
] as const;
export type WorldActor = (typeof WORLD_ACTORS)[number];

export interface WorldUser {
  readonly id: string;
  readonly email: string;
  readonly token: string;
  readonly actor: Actor;
  readonly organisationId: string;
  readonly totpSecret: string;
}

export interface CaseWorld {
  readonly tenant: SeededTenant;
  readonly users: Record<WorldActor, WorldUser>;
  readonly organisations: Record<
    'city' | 'police' | 'school' | 'welfare' | 'community' | 'mentalHealth' | 'youthCare' | 'education' | 'employment',
    string
  >;
  readonly tables: { readonly minors: string; readonly adults: string };
  /** On the minors table: every relation of WORLD_ACTORS points at this case. */
  readonly caseA: { readonly id: string; readonly reference: string };
  /** On the adults table, with its own guest. */
  readonly caseB: { readonly id: string; readonly reference: string };
}

async function addTable(ctx: AppContext, tenantId: string, name: string, audience: 'minors' | 'adults'): Promise<string> {
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('partner_tables')
    .values({
      id,
      tenant_id: tenantId,
      name,
      audience,
      purpose: 'Fictional table for tests',
      legal_framework: 'art_458ter',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

async function addKeyFigure(ctx: AppContext, tenantId: string, tableId: string, userId: string): Promise<void> {
  await ctx.db
    .insertInto('table_members')
    .values({ tenant_id: tenantId, table_id: tableId, user_id: userId, role: 'key_figure', added_at: ctx.clock.now().toISOString() })
    .execute();
}

export async function seedCaseWorld(ctx: AppContext, options: { password?: string; slug?: string } = {}): Promise<CaseWorld> {
  const tenant = await seedTenant(ctx, options.slug ? { slug: options.slug } : {});
  const operator = ctx.system.operatorActor({ id: tenant.tenantId });
  const org = async (name: string, sector: 'police' | 'education' | 'welfare' | 'community' | 'mental_health' | 'youth_care' | 'employment') =>
    (await createOrganisation({ input: { name, sector, secrecyRegime: 'professional_secrecy', protocolSignedOn: '2025-06-02' } }, operator, ctx)).id;
  const organisations = {
    city: tenant.organisationId,
    police: await org('Politiezone Rivierstede', 'police'),
    school: await org('Atheneum De Linde', 'education'),
    welfare: await org('OCMW Rivierstede', 'welfare'),
    community: await org('Buurthuis De Kaai', 'community'),
    mentalHealth: await org('CGG Rivierland', 'mental_health'),
    youthCare: await org('Jeugdhulp Rivierstede', 'youth_care'),
    education: await org('CLB Rivierstede', 'education'),
    employment: await org('Werkwinkel Rivierstede', 'employment'),
  };
  const user = async (roles: Role[], organisationId: string): Promise<WorldUser> => {
    const seeded = await seedUser(ctx, tenant, roles, { organisationId, ...(options.password && { password: options.password }) });
    return { id: seeded.id, email: seeded.email, token: seeded.token, actor: seeded.actor, organisationId, totpSecret: seeded.totpSecret };
  };
  const otherTenant = await seedTenant(ctx);
  const otherSeeded = await seedUser(ctx, otherTenant, ['coordinator', 'professional']);
  const users: Record<WorldActor, WorldUser> = {
    coordinator: await user(['coordinator'], organisations.city),
    keyFigureThisTable: await user(['professional'], organisations.police),
    keyFigureOtherTable: await user(['professional'], organisations.school),
    guestThisCase: await user(['professional'], organisations.welfare),
    guestOtherCase: await user(['professional'], organisations.community),
    careNetwork: await user(['professional'], organisations.mentalHealth),
    caseOwnerMember: await user(['professional'], organisations.youthCare),
    referrer: await user(['professional'], organisations.education),
    outsider: await user(['professional'], organisations.employment),
    admin: await user(['admin'], organisations.city),
    dpo: await user(['dpo'], organisations.city),
    analyst: await user(['analyst'], organisations.city),
    otherTenant: {
      id: otherSeeded.id,
      email: otherSeeded.email,
      token: otherSeeded.token,
      actor: otherSeeded.actor,
      organisationId: otherTenant.organisationId,
      totpSecret: otherSeeded.totpSecret,
    },
  };
  const tables = {
    minors: await addTable(ctx, tenant.tenantId, 'Partnertafel minderjarigen', 'minors'),
    adults: await addTable(ctx, tenant.tenantId, 'Partnertafel volwassenen', 'adults'),
  };
  await addKeyFigure(ctx, tenant.tenantId, tables.minors, users.keyFigureThisTable.id);
  await addKeyFigure(ctx, tenant.tenantId, tables.adults, users.keyFigureOtherTable.id);
  const coordinator = users.coordinator.actor;
  const caseA = await createCase(
    {
      input: {
        tableId: tables.minors,
        theme: 'radicalisation',
        summary: 'Fictional concern: withdrawal from school and online contacts.',
        identityDisclosure: 'restricted',
        subject: { givenName: 'Noor', familyName: 'Verhaegen-Test', birthDate: '2010-05-14', gender: 'female' },
        contextPersons: [],
        caseOwnerOrganisationId: organisations.youthCare,
        referrerOrganisationId: organisations.education,
      },
    },
    coordinator,
    ctx,
  );
  const caseB = await createCase(
    {
      input: {
        tableId: tables.adults,
        theme: 'drugs',
        summary: 'Fictional concern on the adults table.',
        identityDisclosure: 'anonymous',
        subject: { ageBand: '18-24', gender: 'male' },
        contextPersons: [],
      },
    },
    coordinator,
    ctx,
  );
  await addParticipant({ caseId: caseA.id, input: { userId: users.guestThisCase.id, role: 'guest' } }, coordinator, ctx);
  await addParticipant({ caseId: caseA.id, input: { userId: users.careNetwork.id, role: 'care_network' } }, coordinator, ctx);
  await addParticipant({ caseId: caseB.id, input: { userId: users.guestOtherCase.id, role: 'guest' } }, coordinator, ctx);
  return { tenant, users, organisations, tables, caseA, caseB };
}

/** Adds an item to case A as the key figure (police) and returns its id. */
export async function addWorldItem(
  ctx: AppContext,
  world: CaseWorld,
  input: Parameters<typeof addItem>[0]['input'],
  author: WorldActor = 'keyFigureThisTable',
): Promise<string> {
  return (await addItem({ caseId: world.caseA.id, input }, world.users[author].actor, ctx)).id;
}

/** Records a consent on case A covering the given organisations (as the coordinator). */
export async function addWorldConsent(ctx: AppContext, world: CaseWorld, organisationIds: string[]): Promise<string> {
  return (
    await recordConsent(
      { caseId: world.caseA.id, input: { givenBy: 'parent', organisationIds, purpose: 'Fictional consent for tests', withFeedback: true } },
      world.users.coordinator.actor,
      ctx,
    )
  ).id;
}

export async function withdrawWorldConsent(ctx: AppContext, world: CaseWorld, consentId: string): Promise<void> {
  const input = { withdrawnOn: ctx.clock.now().toISOString().slice(0, 10), reason: 'Fictional reason for tests' };
  await withdrawConsent({ caseId: world.caseA.id, consentId, input }, world.users.coordinator.actor, ctx);
}
