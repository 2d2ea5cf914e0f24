/**
 * The fictional demo network: the city of Rivierstede and its partners around the table. Every
 * name, organisation and address is invented; email addresses use the reserved `.example` domain
 * (RFC 2606), so no mail can ever reach a real person.
 */
import type { Role } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import { type OrganisationCreate, createOrganisation, createTenant, createUser } from '../modules/accounts/index.ts';
import type { Locale } from '../platform/config.ts';
import { addItem, addParticipant, createCase, recordConsent } from '../modules/cases/index.ts';
import { addTableMember, createTable } from '../modules/tables/index.ts';
import { loadDemoSignals } from './demo-signals.ts';
import { loadDemoMeetings } from './demo-meetings.ts';
import { loadDemoDirectory } from './demo-directory.ts';
import type { Actor } from '../access/actor.ts';

/** The one password of every demo user; printed by `partnertafel demo`, never valid in production. */
export const DEMO_PASSWORD = 'demo-partnertafel-2026';
export const DEMO_TENANT_SLUG = 'demo';

export interface DemoOrganisation extends OrganisationCreate {
  /** Key the demo users refer to; not stored. */
  readonly key: string;
}

export interface DemoUser {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** `key` of a DemoOrganisation. */
  readonly organisation: string;
}

export interface DemoNetwork {
  readonly tenant: { readonly slug: string; readonly name: string; readonly defaultLocale: Locale };
  readonly organisations: readonly DemoOrganisation[];
  readonly users: readonly DemoUser[];
}

export const DEMO_NETWORK = {
  tenant: { slug: DEMO_TENANT_SLUG, name: 'Lokaal netwerk Rivierstede', defaultLocale: 'nl' },
  organisations: [
    { key: 'city', name: 'Stad Rivierstede', sector: 'city', secrecyRegime: 'discretion', protocolSignedOn: '2025-01-12' },
    {
      key: 'police',
      name: 'Politiezone Rivierstede-Oeverland',
      sector: 'police',
      secrecyRegime: 'investigation_secrecy',
      protocolSignedOn: '2025-01-19',
    },
    { key: 'kade', name: 'Jeugdhulp De Kade', sector: 'youth_care', secrecyRegime: 'professional_secrecy', protocolSignedOn: '2025-02-02' },
    { key: 'veer', name: 'Gezinsbegeleiding Het Veer', sector: 'youth_care', secrecyRegime: 'professional_secrecy', protocolSignedOn: '2025-02-09' },
    { key: 'school', name: 'Atheneum Rivierstede', sector: 'education', secrecyRegime: 'discretion', protocolSignedOn: '2025-02-16' },
    { key: 'youth-work', name: 'Jeugdwerking De Stroming', sector: 'youth_work', secrecyRegime: 'discretion', protocolSignedOn: '2025-02-23' },
    { key: 'employment', name: 'Werkwinkel Rivierstede', sector: 'employment', secrecyRegime: 'discretion', protocolSignedOn: '2025-03-02' },
  ],
  users: [
    { email: 'admin@demo.partnertafel.example', name: 'Ilse Vermeulen', roles: ['admin'], organisation: 'city' },
    { email: 'coordinator@demo.partnertafel.example', name: 'Samir El Amrani', roles: ['coordinator'], organisation: 'city' },
    { email: 'minute-taker@demo.partnertafel.example', name: 'Lotte Claes', roles: ['minute_taker'], organisation: 'city' },
    { email: 'dpo@demo.partnertafel.example', name: 'Pieter De Smet', roles: ['dpo'], organisation: 'city' },
    { email: 'analyst@demo.partnertafel.example', name: 'Ruth Goossens', roles: ['analyst'], organisation: 'city' },
    { email: 'city@demo.partnertafel.example', name: 'Nadia Peeters', roles: ['professional'], organisation: 'city' },
    { email: 'police@demo.partnertafel.example', name: 'Koen Wouters', roles: ['professional'], organisation: 'police' },
    { email: 'youth-care@demo.partnertafel.example', name: 'Eva Janssens', roles: ['professional'], organisation: 'kade' },
    { email: 'family-support@demo.partnertafel.example', name: 'Bram Maes', roles: ['professional'], organisation: 'veer' },
    { email: 'school@demo.partnertafel.example', name: 'Sofie Mertens', roles: ['professional'], organisation: 'school' },
    { email: 'youth-work@demo.partnertafel.example', name: 'Yannick Jacobs', roles: ['professional'], organisation: 'youth-work' },
    { email: 'employment@demo.partnertafel.example', name: 'Hanne Willems', roles: ['professional'], organisation: 'employment' },
  ],
} as const satisfies DemoNetwork;

/** A created demo user, with the authenticator key that exists nowhere else in plain text. */
export interface LoadedDemoUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** The organisation's name. */
  readonly organisation: string;
  /** Present when the users were enrolled while loading (`--show-mfa`). */
  readonly otpauthUri?: string;
}

/** Why the demo network was not loaded. */
export class DemoRefused extends Error {}

/**
 * Loads DEMO_NETWORK: the tenant, its organisations and its users, each with DEMO_PASSWORD. By
 * default nobody is enrolled in MFA yet, so each demo user sets up an authenticator (QR code) at the
 * first sign-in, as a real user would; with `enrolMfa` they are enrolled while loading and the
 * otpauth URIs are returned once, as for `user create`. Refused in production mode and when a tenant
 * with the demo slug exists. Returns the users in DEMO_NETWORK order.
 */
export async function loadDemoNetwork(ctx: AppContext, options: { enrolMfa?: boolean; network?: DemoNetwork } = {}): Promise<LoadedDemoUser[]> {
  const network = options.network ?? DEMO_NETWORK;
  if (ctx.config.production) throw new DemoRefused('The demo network is never loaded in production mode (NODE_ENV=production).');
  if (await ctx.system.tenantBySlug(network.tenant.slug)) {
    throw new DemoRefused(
      `A tenant with slug "${network.tenant.slug}" already exists; the demo network is loaded only once (start from an empty database to load it again).`,
    );
  }
  const { id: tenantId } = await createTenant(network.tenant, ctx);
  const operator = ctx.system.operatorActor({ id: tenantId });
  const organisations = new Map<string, { id: string; name: string }>();
  for (const { key, ...input } of network.organisations) {
    organisations.set(key, await createOrganisation({ input }, operator, ctx));
  }
  const issuer = `Partnertafel ${network.tenant.name}`;
  const loaded: LoadedDemoUser[] = [];
  for (const user of network.users) {
    const organisation = organisations.get(user.organisation);
    if (!organisation) throw new Error(`Demo user ${user.email} refers to unknown organisation ${user.organisation}`);
    const created = await createUser(
      {
        input: { email: user.email, name: user.name, organisationId: organisation.id, roles: [...user.roles] },
        password: DEMO_PASSWORD,
        enrolMfa: options.enrolMfa === true,
        issuer,
      },
      operator,
      ctx,
    );
    loaded.push({
      id: created.user.id,
      email: user.email,
      name: user.name,
      roles: user.roles,
      organisation: organisation.name,
      ...(created.otpauthUri && { otpauthUri: created.otpauthUri }),
    });
  }
  if (network === DEMO_NETWORK) await loadDemoCases(ctx, tenantId, organisations, loaded);
  return loaded;
}

/**
 * Two partner tables and two cases, so that a newcomer sees need-to-know at work: the same case
 * shows different items to the police officer, the youth-care worker and the school. Loaded through
 * the use cases as the demo coordinator, so everything is sealed and audited as in real use.
 */
async function loadDemoCases(ctx: AppContext, tenantId: string, organisations: Map<string, { id: string }>, users: LoadedDemoUser[]): Promise<void> {
  const userId = (email: string) => users.find((user) => user.email === `${email}@demo.partnertafel.example`)!.id;
  const org = (key: string) => organisations.get(key)!.id;
  const actorOf = (email: string, organisation: string, roles: Role[]): Actor => ({
    tenantId,
    userId: userId(email),
    organisationId: org(organisation),
    roles: new Set(roles),
    locale: null,
    authentication: { kind: 'token', tokenId: 'demo-loader' },
  });
  const coordinator = actorOf('coordinator', 'city', ['coordinator']);
  const minors = await createTable(
    {
      input: {
        name: 'Partnertafel minderjarigen',
        audience: 'minors',
        purpose: 'Casusoverleg rond minderjarigen over wie een gedeelde zorg bestaat (fictief).',
        legalFramework: 'art_458ter',
      },
    },
    coordinator,
    ctx,
  );
  const adults = await createTable(
    {
      input: {
        name: 'Partnertafel volwassenen',
        audience: 'adults',
        purpose: 'Casusoverleg rond jongvolwassenen (fictief).',
        legalFramework: 'livc_r_law_2018',
      },
    },
    coordinator,
    ctx,
  );
  for (const email of ['police', 'school', 'youth-work'])
    await addTableMember({ tableId: minors.id, input: { userId: userId(email), role: 'key_figure' } }, coordinator, ctx);
  await addTableMember({ tableId: minors.id, input: { userId: userId('minute-taker'), role: 'minute_taker' } }, coordinator, ctx);
  for (const email of ['police', 'employment'])
    await addTableMember({ tableId: adults.id, input: { userId: userId(email), role: 'key_figure' } }, coordinator, ctx);

  const first = await createCase(
    {
      input: {
        tableId: minors.id,
        theme: 'radicalisation',
        summary: 'Fictieve casus: een leerling trekt zich terug, verzuimt en deelt online steeds radicalere berichten.',
        identityDisclosure: 'restricted',
        subject: { givenName: 'Jonas', familyName: 'Demo-Verbeke', birthDate: '2010-03-02', gender: 'male' },
        contextPersons: [{ role: 'parent', givenName: 'Marleen', familyName: 'Demo-Verbeke' }],
        caseOwnerOrganisationId: org('kade'),
        referrerOrganisationId: org('school'),
      },
    },
    coordinator,
    ctx,
  );
  await addParticipant({ caseId: first.id, input: { userId: userId('family-support'), role: 'care_network' } }, coordinator, ctx);
  await addParticipant({ caseId: first.id, input: { userId: userId('city'), role: 'guest' } }, coordinator, ctx);
  const consent = await recordConsent(
    {
      caseId: first.id,
      input: {
        givenBy: 'parent',
        organisationIds: [org('city'), org('kade'), org('veer'), org('school')],
        purpose: 'Afstemming tussen school, jeugdhulp en gezinsbegeleiding (fictief).',
        withFeedback: true,
        documentReference: 'Dossier De Kade, map 2026/demo',
      },
    },
    coordinator,
    ctx,
  );
  const police = actorOf('police', 'police', ['professional']);
  const youthCare = actorOf('youth-care', 'kade', ['professional']);
  const school = actorOf('school', 'school', ['professional']);
  await addItem(
    {
      caseId: first.id,
      input: {
        body: 'Wijkagent: twee meldingen van samenscholing bij het station (fictief).',
        audience: 'table',
        legalBasis: 'art_458ter',
        classes: ['police', 'minor'],
      },
    },
    police,
    ctx,
  );
  await addItem(
    {
      caseId: first.id,
      input: {
        body: 'Begeleiding loopt sinds september; moeder is betrokken (fictief).',
        audience: 'care_network',
        // Youth care is bound by professional secrecy: the care network is reached on the parent's consent (docs/legal-bases.md).
        legalBasis: 'consent',
        consentId: consent.id,
        classes: ['minor', 'family'],
      },
    },
    youthCare,
    ctx,
  );
  await addItem(
    {
      caseId: first.id,
      input: {
        body: 'Afwezigheden per maand en afspraken met de leerlingbegeleiding (fictief).',
        audience: 'organisations',
        organisationIds: [org('kade'), org('veer')],
        legalBasis: 'consent',
        consentId: consent.id,
        classes: ['school', 'minor'],
      },
    },
    school,
    ctx,
  );
  await addItem(
    {
      caseId: first.id,
      input: { body: 'Werknotitie: volgende stap eerst met de moeder bespreken (fictief).', audience: 'own_organisation', legalBasis: 'art_458ter' },
    },
    youthCare,
    ctx,
  );
  await createCase(
    {
      input: {
        tableId: adults.id,
        theme: 'drugs',
        summary: 'Fictieve casus: jongvolwassene zonder werk, vermoeden van dealen in de buurt.',
        identityDisclosure: 'anonymous',
        subject: { ageBand: '18-24', gender: 'x' },
        contextPersons: [],
      },
    },
    coordinator,
    ctx,
  );
  await loadDemoSignals(ctx, {
    coordinator,
    school,
    youthCare,
    police,
    youthWork: actorOf('youth-work', 'youth-work', ['professional']),
    employment: actorOf('employment', 'employment', ['professional']),
  });
  await loadDemoMeetings(
    ctx,
    {
      coordinator,
      minuteTaker: actorOf('minute-taker', 'city', ['minute_taker']),
      keyFigures: [police, school, actorOf('youth-work', 'youth-work', ['professional'])],
      police,
    },
    {
      minorsTableId: minors.id,
      adultsTableId: adults.id,
      caseId: first.id,
      policeOrganisationId: org('police'),
      youthCareOrganisationId: org('kade'),
    },
  );
  await loadDemoDirectory(ctx, {
    coordinator,
    youthWork: actorOf('youth-work', 'youth-work', ['professional']),
    school,
    youthCare,
    minuteTaker: actorOf('minute-taker', 'city', ['minute_taker']),
  });
}
