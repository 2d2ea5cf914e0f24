import type { Selectable } from 'kysely';
import type { CasePersonTable } from '../../db/schema.ts';
import type { FieldOpener } from '../../db/sealing.ts';
import { canSeeIdentity } from './cases.policy.ts';
import type { AuditedCaseRead } from './case-door.ts';
import type { CaseStanding, ConsentRow, ItemRow } from './cases.queries.ts';
import type { NamedRef } from './case-directory.queries.ts';
import { parseIds } from './cases.queries.ts';
import type { CaseListEntry, CaseView, ConsentView, ItemView, PersonView } from './cases.schemas.ts';
import type { Audience, CaseStatus, ConsentGiver, IdentityDisclosure, LegalBasis } from './cases.vocabulary.ts';

const unknownOrganisation = (id: string): NamedRef => ({ id, name: '—' });
const organisationRef = (organisations: Map<string, NamedRef>, id: string): NamedRef => {
  const found = organisations.get(id);
  return found ? { id: found.id, name: found.name } : unknownOrganisation(id);
};

/**
 * A person as the viewer may see them: the identity only when the disclosure level lets this viewer
 * see it, otherwise the age band and gender alone. Identity values are opened only in that case,
 * so what may not be shown is never decrypted.
 */
export async function presentPerson(person: Selectable<CasePersonTable>, showIdentity: boolean, opener: FieldOpener): Promise<PersonView> {
  const base: PersonView = { id: person.id, role: person.role, ageBand: person.age_band, gender: person.gender };
  if (!showIdentity) return base;
  const [givenName, familyName, birthDate] = await Promise.all([
    opener.openOptional('case_persons', person.id, 'given_name', person.given_name_sealed),
    opener.openOptional('case_persons', person.id, 'family_name', person.family_name_sealed),
    opener.openOptional('case_persons', person.id, 'birth_date', person.birth_date_sealed),
  ]);
  return { ...base, ...(givenName !== null && { givenName }), ...(familyName !== null && { familyName }), ...(birthDate !== null && { birthDate }) };
}

/** What every answer about a case starts with: its pseudonym, table, theme and status — never content. */
function caseHeading(row: CaseStanding['row']) {
  return {
    id: row.id,
    reference: row.reference,
    tableId: row.table_id,
    tableName: row.table_name,
    theme: row.theme,
    status: row.status as CaseStatus,
  };
}

export async function presentCase(
  access: AuditedCaseRead,
  persons: readonly Selectable<CasePersonTable>[],
  organisations: Map<string, NamedRef>,
  opener: FieldOpener,
): Promise<CaseView> {
  const { row } = access;
  const identityVisible = canSeeIdentity(access.relation, access.facts.identityDisclosure);
  const subjectRow = persons.find((person) => person.role === 'subject');
  const subject = subjectRow ? await presentPerson(subjectRow, identityVisible, opener) : { id: '', role: 'subject', ageBand: null, gender: null };
  const contextPersons = await Promise.all(
    persons.filter((person) => person.role !== 'subject').map((person) => presentPerson(person, identityVisible, opener)),
  );
  return {
    ...caseHeading(row),
    identityDisclosure: row.identity_disclosure as IdentityDisclosure,
    summary: await opener.open('cases', row.id, 'summary', row.summary_sealed),
    subject,
    contextPersons,
    identityVisible,
    caseOwnerOrganisation: row.case_owner_organisation_id ? organisationRef(organisations, row.case_owner_organisation_id) : null,
    referrerOrganisation: row.referrer_organisation_id ? organisationRef(organisations, row.referrer_organisation_id) : null,
    outcome: row.outcome,
    closedAt: row.closed_at,
    ageExceptionReason: await opener.openOptional('cases', row.id, 'age_exception_reason', row.age_exception_reason_sealed ?? null),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentCaseListEntry(access: CaseStanding, subject: { age_band: string | null; gender: string | null } | undefined): CaseListEntry {
  const { row } = access;
  return {
    ...caseHeading(row),
    ageBand: subject?.age_band ?? null,
    gender: subject?.gender ?? null,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

export async function presentItem(
  item: ItemRow,
  organisations: Map<string, NamedRef>,
  authors: Map<string, { id: string; name: string }>,
  opener: FieldOpener,
): Promise<ItemView> {
  return {
    id: item.id,
    body: await opener.open('case_items', item.id, 'body', item.body_sealed),
    audience: item.audience as Audience,
    organisations: parseIds(item.organisation_ids).map((id) => organisationRef(organisations, id)),
    legalBasis: item.legal_basis as LegalBasis,
    consentId: item.consent_id,
    classes: parseIds(item.classes),
    author: {
      userId: item.author_user_id,
      name: authors.get(item.author_user_id)?.name ?? '—',
      organisation: organisationRef(organisations, item.author_organisation_id),
    },
    createdAt: item.created_at,
  };
}

export async function presentConsent(consent: ConsentRow, organisations: Map<string, NamedRef>, opener: FieldOpener): Promise<ConsentView> {
  return {
    id: consent.id,
    givenBy: consent.given_by as ConsentGiver,
    organisations: parseIds(consent.organisation_ids).map((id) => organisationRef(organisations, id)),
    purpose: await opener.open('case_consents', consent.id, 'purpose', consent.purpose_sealed),
    withFeedback: Number(consent.with_feedback) === 1,
    givenOn: consent.given_on,
    documentReference: await opener.openOptional('case_consents', consent.id, 'document_reference', consent.document_reference_sealed),
    recordedByOrganisation: organisationRef(organisations, consent.recorded_by_organisation_id),
    recordedAt: consent.recorded_at,
    withdrawnAt: consent.withdrawn_at,
    withdrawnOn: consent.withdrawn_on,
    withdrawalReason: await opener.openOptional('case_consents', consent.id, 'withdrawal_reason', consent.withdrawal_reason_sealed),
  };
}
