import type { FieldIssue } from '../../platform/errors.ts';
import type { PersonInput, ItemCreate } from './cases.schemas.ts';
import { ageBandOn, type AgeBand, type IdentityDisclosure } from './cases.vocabulary.ts';

/**
 * Rules of the case module that are not about who may do what: which identity a case may store and
 * which combinations of audience, legal basis and consent make sense. Pure; each returns the field
 * problems it finds, with i18n keys the forms and the API show.
 */

const IDENTITY_FIELDS = ['givenName', 'familyName', 'birthDate'] as const;

/** What is stored of a person: identity only when the disclosure level allows storing one. */
export interface PersonRecord {
  readonly identity: { givenName?: string; familyName?: string; birthDate?: string } | null;
  readonly ageBand: AgeBand | null;
  readonly gender: string | null;
}

export function personProblems(path: string, input: PersonInput, disclosure: IdentityDisclosure): FieldIssue[] {
  if (disclosure !== 'anonymous') return [];
  return IDENTITY_FIELDS.filter((field) => input[field] !== undefined && input[field] !== '').map((field) => ({
    path: `${path}.${field}`,
    messageKey: 'validation.case.anonymous_no_identity',
  }));
}

export function personRecord(input: PersonInput, disclosure: IdentityDisclosure, today: string): PersonRecord {
  const ageBand = input.birthDate ? ageBandOn(input.birthDate, today) : (input.ageBand ?? null);
  const identity =
    disclosure === 'anonymous'
      ? null
      : {
          ...(input.givenName && { givenName: input.givenName }),
          ...(input.familyName && { familyName: input.familyName }),
          ...(input.birthDate && { birthDate: input.birthDate }),
        };
  return { identity, ageBand, gender: input.gender ?? null };
}

/** What the item rules need to know about the consent an item names, if any. */
export interface ConsentForItem {
  readonly organisationIds: readonly string[];
  readonly withdrawnAt: string | null;
}

/**
 * Refuses items whose audience, legal basis and consent do not fit together:
 * - a named audience needs at least one organisation, each taking part in the case; other audiences
 *   name none;
 * - legal basis `consent` needs a current consent of this case that covers every organisation the
 *   audience reaches besides the author's own; another basis names no consent.
 */
export function itemProblems(
  input: ItemCreate,
  context: {
    authorOrganisationId: string;
    participatingOrganisations: ReadonlySet<string>;
    /** Organisations the chosen audience reaches right now (for the consent check). */
    audienceOrganisations: ReadonlySet<string>;
    consent: ConsentForItem | null | 'missing';
  },
): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const named = input.organisationIds ?? [];
  if (input.audience === 'organisations') {
    if (named.length === 0) problems.push({ path: 'organisationIds', messageKey: 'validation.case.audience_needs_organisations' });
    if (named.some((id) => !context.participatingOrganisations.has(id)))
      problems.push({ path: 'organisationIds', messageKey: 'validation.case.organisation_not_participating' });
  } else if (named.length > 0) {
    problems.push({ path: 'organisationIds', messageKey: 'validation.case.organisations_only_for_named_audience' });
  }
  if (input.legalBasis === 'consent') {
    if (input.consentId === undefined || context.consent === null) {
      problems.push({ path: 'consentId', messageKey: 'validation.case.consent_required' });
    } else if (context.consent === 'missing') {
      problems.push({ path: 'consentId', messageKey: 'validation.choice' });
    } else if (context.consent.withdrawnAt !== null) {
      problems.push({ path: 'consentId', messageKey: 'validation.case.consent_withdrawn' });
    } else {
      const covered = new Set(context.consent.organisationIds);
      const uncovered = [...context.audienceOrganisations].filter((id) => id !== context.authorOrganisationId && !covered.has(id));
      if (uncovered.length > 0)
        problems.push({ path: 'consentId', messageKey: 'validation.case.consent_does_not_cover', values: { count: uncovered.length } });
    }
  } else if (input.consentId !== undefined) {
    problems.push({ path: 'consentId', messageKey: 'validation.case.consent_only_for_consent_basis' });
  }
  return problems;
}
