/**
 * The fictional demo network: the city of Rivierstede and its partners around the table. Every
 * name, organisation and address is invented; email addresses use the reserved `.example` domain
 * (RFC 2606), so no mail can ever reach a real person.
 */
import type { Role } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import { type OrganisationCreate, createOrganisation, createTenant, createUser } from '../modules/accounts/index.ts';
import type { Locale } from '../platform/config.ts';

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
    { key: 'city', name: 'Stad Rivierstede', sector: 'city', secrecyRegime: 'discretion', protocolSignedOn: '2026-01-12' },
    {
      key: 'police',
      name: 'Politiezone Rivierstede-Oeverland',
      sector: 'police',
      secrecyRegime: 'investigation_secrecy',
      protocolSignedOn: '2026-01-19',
    },
    { key: 'kade', name: 'Jeugdhulp De Kade', sector: 'youth_care', secrecyRegime: 'professional_secrecy', protocolSignedOn: '2026-02-02' },
    { key: 'veer', name: 'Gezinsbegeleiding Het Veer', sector: 'youth_care', secrecyRegime: 'professional_secrecy', protocolSignedOn: '2026-02-09' },
    { key: 'school', name: 'Atheneum Rivierstede', sector: 'education', secrecyRegime: 'discretion', protocolSignedOn: '2026-02-16' },
    { key: 'youth-work', name: 'Jeugdwerking De Stroming', sector: 'youth_work', secrecyRegime: 'discretion', protocolSignedOn: '2026-02-23' },
    { key: 'employment', name: 'Werkwinkel Rivierstede', sector: 'employment', secrecyRegime: 'discretion', protocolSignedOn: '2026-03-02' },
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
  return loaded;
}
