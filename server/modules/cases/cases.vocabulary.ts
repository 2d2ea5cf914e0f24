/** The fixed vocabularies of cases and information items (API.md "Fixed vocabularies", SECURITY.md). */
export const THEMES = ['radicalisation', 'drugs', 'intra_family_violence', 'gangs', 'school_dropout', 'other'] as const;
export type Theme = (typeof THEMES)[number];

export const IDENTITY_DISCLOSURES = ['anonymous', 'restricted', 'table'] as const;
export type IdentityDisclosure = (typeof IDENTITY_DISCLOSURES)[number];

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = ['goals_reached', 'regular_care', 'referred_ocj', 'referred_justice', 'moved_away', 'no_longer_needed'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Roles a user can be given on one case; `key_figure` only for key figures of the case's table. */
export const PARTICIPANT_ROLES = ['guest', 'care_network', 'key_figure'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const AUDIENCES = ['table', 'care_network', 'organisations', 'own_organisation'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const LEGAL_BASES = ['consent', 'art_458ter', 'art_458bis', 'decree_ijh_75_1', 'cooperation_protocol', 'legal_obligation'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const ITEM_CLASSES = ['police', 'judicial', 'health', 'belief', 'minor', 'school', 'family'] as const;
export type ItemClass = (typeof ITEM_CLASSES)[number];

export const CONSENT_GIVERS = ['subject', 'parent', 'guardian', 'legal_representative'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const GENDERS = ['female', 'male', 'x'] as const;
export type Gender = (typeof GENDERS)[number];

export const AGE_BANDS = ['0-11', '12-15', '16-17', '18-24', '25+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const CONTEXT_PERSON_ROLES = ['parent', 'guardian', 'sibling', 'other'] as const;
export type ContextPersonRole = (typeof CONTEXT_PERSON_ROLES)[number];

/** Why someone may open a case: recorded as the purpose of every audited read. */
export const ACCESS_PURPOSES = ['coordination', 'key_figure', 'guest', 'care_network', 'case_owner', 'referrer', 'meeting', 'minutes'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

const DISCLOSURE_RANK: Record<IdentityDisclosure, number> = { anonymous: 0, restricted: 1, table: 2 };

/** Disclosure can only be raised: each level shows the identity to more people than the one before. */
export function isRaise(from: IdentityDisclosure, to: IdentityDisclosure): boolean {
  return DISCLOSURE_RANK[to] > DISCLOSURE_RANK[from];
}

/** The age band of a birth date on a day (both `YYYY-MM-DD`), the only age shown without identity. */
export function ageBandOn(birthDate: string, onDay: string): AgeBand {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDay.split('-').map(Number) as [number, number, number];
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  if (age < 12) return '0-11';
  if (age < 16) return '12-15';
  if (age < 18) return '16-17';
  if (age < 25) return '18-24';
  return '25+';
}

/** `VIL-2026-014`: a prefix from the tenant slug, the year and a number padded to three digits. */
export function caseReference(tenantSlug: string, year: number, number: number): string {
  const prefix =
    tenantSlug
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 3)
      .toUpperCase() || 'CASE';
  return `${prefix}-${year}-${String(number).padStart(3, '0')}`;
}
