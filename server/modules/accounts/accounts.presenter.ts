import type { Role } from '../../access/actor.ts';
import type { OrganisationTable, Tenant } from '../../db/schema.ts';
import type { Locale } from '../../platform/config.ts';
import type { Me, Organisation, User } from './accounts.schemas.ts';
import type { UserWithRoles } from './accounts.queries.ts';

/** Row → API shape. Secrets (password hash, MFA secret) never leave this module. */
export function presentOrganisation(row: OrganisationTable): Organisation {
  return {
    id: row.id,
    name: row.name,
    sector: row.sector as Organisation['sector'],
    secrecyRegime: row.secrecy_regime as Organisation['secrecyRegime'],
    protocolSignedOn: row.protocol_signed_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentUser(row: UserWithRoles): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisationId: row.organisation_id,
    roles: row.roles,
    locale: row.locale as Locale | null,
    status: row.status as User['status'],
    mfaEnrolled: row.mfa_enrolled_at !== null,
    invitationPending: row.password_hash === null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentMe(
  me: { id: string; name: string; email: string; organisation_id: string; organisation_name: string },
  roles: readonly Role[],
  tenant: Tenant,
  locale: Locale,
): Me {
  return {
    id: me.id,
    name: me.name,
    email: me.email,
    locale,
    roles: [...roles],
    organisation: { id: me.organisation_id, name: me.organisation_name },
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
  };
}
