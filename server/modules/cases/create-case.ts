import type { Transaction } from 'kysely';
import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { today as networkToday } from '../../platform/calendar-days.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, appendAuditEvent, subjectOf } from '../audit/index.ts';
import { blindIndexOf, fieldSealer, type FieldSealer } from '../../db/sealing.ts';
import { appendCaseEvent, caseAuditEvent } from './case-journal.ts';
import { personProblems, personRecord, type PersonRecord } from './case-rules.ts';
import { existingOrganisationIds, tableAudience, tenantSlug } from './case-directory.queries.ts';
import { caseIdsByBlindIndex, listVisibleCases } from './case-list.queries.ts';
import { ageMisfits, ageProblems, birthDateProblems, type TableAudience } from './date-rules.ts';
import type { CaseCreate } from './cases.schemas.ts';
import { caseReference, type IdentityDisclosure } from './cases.vocabulary.ts';

interface PreparedPerson {
  readonly id: string;
  readonly role: string;
  readonly record: PersonRecord;
  readonly blindIndex: { value: string; version: number } | null;
}

/** Sealed columns of a person, bound to the person's id. */
export function sealedPersonColumns(sealer: FieldSealer, person: { id: string; record: PersonRecord }) {
  const identity = person.record.identity;
  return {
    given_name_sealed: sealer.sealOptional('case_persons', person.id, 'given_name', identity?.givenName),
    family_name_sealed: sealer.sealOptional('case_persons', person.id, 'family_name', identity?.familyName),
    birth_date_sealed: sealer.sealOptional('case_persons', person.id, 'birth_date', identity?.birthDate),
  };
}

export async function blindIndexFor(ctx: AppContext, tenantId: string, record: PersonRecord) {
  const identity = record.identity;
  return identity?.familyName && identity.birthDate ? blindIndexOf(ctx, tenantId, identity.familyName, identity.birthDate) : null;
}

/** A case of the same person the coordinator may see, as the duplicate prompt and the 409 body show it. */
export interface DuplicateMatch {
  readonly id: string;
  readonly reference: string;
  readonly tableId: string;
  readonly tableName: string;
  readonly status: string;
  readonly openedAt: string;
}

/**
 * Every problem of the input, the dates included: birth dates never in the future nor more than 120
 * years ago; the subject's age on the referral day fitting the table's audience unless a reason is given.
 */
async function inputProblems(
  ctx: AppContext,
  actor: Actor,
  input: CaseCreate,
  referralDay: string,
): Promise<{ problems: FieldIssue[]; ageException: boolean }> {
  const problems: FieldIssue[] = [
    ...personProblems('subject', input.subject, input.identityDisclosure),
    ...input.contextPersons.flatMap((person, index) => personProblems(`contextPersons.${index}`, person, input.identityDisclosure)),
    ...birthDateProblems('subject.birthDate', input.subject.birthDate, referralDay),
    ...input.contextPersons.flatMap((person, index) => birthDateProblems(`contextPersons.${index}.birthDate`, person.birthDate, referralDay)),
  ];
  const table = await tableAudience(ctx.db, actor, input.tableId);
  let ageException = false;
  if (!table) problems.push({ path: 'tableId', messageKey: 'validation.choice' });
  else if (!problems.some((problem) => problem.path === 'subject.birthDate')) {
    const audience = { audience: table.audience as TableAudience };
    problems.push(...ageProblems(input.subject, audience, referralDay, input.ageExceptionReason));
    ageException = ageMisfits(input.subject, audience, referralDay);
  }
  const organisations = [input.caseOwnerOrganisationId, input.referrerOrganisationId].filter((id): id is string => typeof id === 'string');
  const known = await existingOrganisationIds(ctx.db, actor, organisations);
  if (input.caseOwnerOrganisationId && !known.has(input.caseOwnerOrganisationId))
    problems.push({ path: 'caseOwnerOrganisationId', messageKey: 'validation.choice' });
  if (input.referrerOrganisationId && !known.has(input.referrerOrganisationId))
    problems.push({ path: 'referrerOrganisationId', messageKey: 'validation.choice' });
  return { problems, ageException };
}

/**
 * "Is this person already known?": the cases (any status) of a person with the same family name and
 * birth date, through the blind index, that the actor may see — the same table first, then the
 * newest. A person lookup like the coordinator's search, so audited the same way (`case.searched`,
 * with the number found and why, never the name).
 */
async function sameSubjectCases(ctx: AppContext, actor: Actor, blindIndex: string, tableId: string): Promise<DuplicateMatch[]> {
  const caseIds = await caseIdsByBlindIndex(ctx.db, actor, blindIndex);
  const { entries } = caseIds.length === 0 ? { entries: [] } : await listVisibleCases(ctx.db, actor, { limit: 200 }, caseIds);
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'case.searched',
    resource: { type: 'case' },
    requestId: actor.requestId ?? null,
    details: { count: entries.length, reason: 'duplicate_check' },
  });
  return entries
    .map(({ row }) => ({
      id: row.id,
      reference: row.reference,
      tableId: row.table_id,
      tableName: row.table_name,
      status: row.status,
      openedAt: row.created_at,
    }))
    .sort((a, b) => Number(b.tableId === tableId) - Number(a.tableId === tableId) || b.openedAt.localeCompare(a.openedAt));
}

/** The next number of the tenant's cases this year, claimed inside the creating transaction. */
async function nextCaseNumber(trx: Transaction<Database>, tenantId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('case_sequences')
    .values({ tenant_id: tenantId, year, last_number: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'year']).doUpdateSet((eb) => ({ last_number: eb('case_sequences.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/**
 * The coordinator opens a case on a partner table. The case gets a pseudonym reference; identity
 * fields are stored only when the disclosure level allows it, sealed with the tenant's field key,
 * with a blind index of family name and birth date for "is this person already known?".
 */
export async function createCase(options: { input: CaseCreate }, actor: Actor, ctx: AppContext): Promise<{ id: string; reference: string }> {
  authorize(actor, 'cases.create');
  const { input } = options;
  const referralDay = networkToday(ctx.clock);
  const { problems, ageException } = await inputProblems(ctx, actor, input, referralDay);
  if (problems.length > 0) throw new AppError('validation_failed', problems);
  const disclosure: IdentityDisclosure = input.identityDisclosure;
  const now = isoNow(ctx.clock);
  const caseId = newId();
  const persons: PreparedPerson[] = [];
  for (const [role, person] of [['subject', input.subject] as const, ...input.contextPersons.map((p) => [p.role, p] as const)]) {
    const record = personRecord(person, disclosure, referralDay);
    persons.push({ id: newId(), role, record, blindIndex: await blindIndexFor(ctx, actor.tenantId, record) });
  }
  const subjectIndex = persons[0]!.blindIndex;
  if (subjectIndex && input.confirmDuplicate !== true) {
    const matches = await sameSubjectCases(ctx, actor, subjectIndex.value, input.tableId);
    if (matches.length > 0) throw new AppError('possible_duplicate', [], { details: { matches } });
  }
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const slug = await tenantSlug(ctx.db, actor);
  const year = Number(now.slice(0, 4));
  return ctx.db.transaction().execute(async (trx) => {
    const reference = caseReference(slug, year, await nextCaseNumber(trx, actor.tenantId, year));
    await trx
      .insertInto('cases')
      .values({
        id: caseId,
        tenant_id: actor.tenantId,
        table_id: input.tableId,
        reference,
        theme: input.theme,
        status: 'open',
        summary_sealed: sealer.seal('cases', caseId, 'summary', input.summary),
        identity_disclosure: disclosure,
        case_owner_organisation_id: input.caseOwnerOrganisationId ?? null,
        referrer_organisation_id: input.referrerOrganisationId ?? null,
        outcome: null,
        closure_rationale_sealed: null,
        age_exception_reason_sealed: ageException ? sealer.sealOptional('cases', caseId, 'age_exception_reason', input.ageExceptionReason) : null,
        closed_at: null,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const person of persons) {
      await trx
        .insertInto('case_persons')
        .values({
          id: person.id,
          tenant_id: actor.tenantId,
          case_id: caseId,
          role: person.role,
          ...sealedPersonColumns(sealer, person),
          age_band: person.record.ageBand,
          gender: person.record.gender,
          blind_index: person.blindIndex?.value ?? null,
          blind_index_version: person.blindIndex?.version ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await appendCaseEvent(trx, ctx, actor, { caseId, kind: 'created', detail: disclosure });
    // The exception is in the history without its reason (which may speak of the person): the reason is on the case itself.
    if (ageException) await appendCaseEvent(trx, ctx, actor, { caseId, kind: 'age_exception' });
    await recordAuditEvent(
      trx,
      ctx,
      caseAuditEvent(actor, { id: caseId, reference }, 'case.created', {
        purpose: 'coordination',
        details: {
          theme: input.theme,
          identityDisclosure: disclosure,
          contextPersons: input.contextPersons.length,
          ...(ageException && { ageException: true }),
          ...(subjectIndex && input.confirmDuplicate === true && { duplicateConfirmed: true }),
        },
      }),
    );
    return { id: caseId, reference };
  });
}
