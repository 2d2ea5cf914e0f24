import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database, InquiryQuestionTable, InquiryTable } from '../../db/schema.ts';

export type InquiryRow = Selectable<InquiryTable>;
export type InquiryQuestionRow = Selectable<InquiryQuestionTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** Reads of inquiries and their questions, always within one network. */
export async function findInquiry(db: Db, tenantId: string, id: string): Promise<InquiryRow | null> {
  return (await db.selectFrom('inquiries').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The questions of one inquiry with the asked organisation's name, by organisation name. */
export function questionsOf(db: Db, tenantId: string, inquiryId: string): Promise<(InquiryQuestionRow & { organisation_name: string })[]> {
  return db
    .selectFrom('inquiry_questions')
    .innerJoin('organisations', 'organisations.id', 'inquiry_questions.organisation_id')
    .selectAll('inquiry_questions')
    .select('organisations.name as organisation_name')
    .where('inquiry_questions.tenant_id', '=', tenantId)
    .where('organisations.tenant_id', '=', tenantId)
    .where('inquiry_questions.inquiry_id', '=', inquiryId)
    .orderBy('organisations.name')
    .orderBy('inquiry_questions.id')
    .execute();
}

/** The question of an inquiry put to one organisation, if it was asked. */
export async function questionFor(db: Db, tenantId: string, inquiryId: string, organisationId: string): Promise<InquiryQuestionRow | null> {
  return (
    (await db
      .selectFrom('inquiry_questions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('inquiry_id', '=', inquiryId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()) ?? null
  );
}

export interface InquiryListRow extends InquiryRow {
  readonly questions: number;
  readonly answered: number;
}

async function withCounts(db: Db, tenantId: string, rows: InquiryRow[], organisationId?: string): Promise<InquiryListRow[]> {
  if (rows.length === 0) return [];
  let query = db
    .selectFrom('inquiry_questions')
    .select(['inquiry_id', 'known'])
    .where('tenant_id', '=', tenantId)
    .where(
      'inquiry_id',
      'in',
      rows.map((row) => row.id),
    );
  if (organisationId !== undefined) query = query.where('organisation_id', '=', organisationId);
  const questions = await query.execute();
  return rows.map((row) => {
    const own = questions.filter((question) => question.inquiry_id === row.id);
    return { ...row, questions: own.length, answered: own.filter((question) => question.known !== null).length };
  });
}

/** Every inquiry of the network, newest first, with how many were asked and answered (the coordinator's list). */
export async function listAllInquiries(db: Db, actor: Actor, signalId?: string): Promise<InquiryListRow[]> {
  let query = db.selectFrom('inquiries').selectAll().where('tenant_id', '=', actor.tenantId);
  if (signalId !== undefined) query = query.where('signal_id', '=', signalId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(500).execute();
  return withCounts(db, actor.tenantId, rows);
}

/** The inquiries that asked the actor's organisation, open first and then newest first. */
export async function listInquiriesAskingOrganisation(db: Db, actor: Actor): Promise<InquiryListRow[]> {
  const rows = await db
    .selectFrom('inquiries')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where((eb) =>
      eb(
        'id',
        'in',
        eb
          .selectFrom('inquiry_questions')
          .select('inquiry_id')
          .where('tenant_id', '=', actor.tenantId)
          .where('organisation_id', '=', actor.organisationId),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  const rank = (row: InquiryRow) => (row.status === 'open' ? 0 : 1);
  const ordered = [...rows].sort((a, b) => rank(a) - rank(b));
  return withCounts(db, actor.tenantId, ordered, actor.organisationId);
}

/** Which of these organisation ids are organisations of the network. */
export async function existingOrganisations(db: Db, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Organisations of the network, by name: the choices of a named inquiry. */
export function organisationChoices(db: Db, actor: Actor): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('organisations').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).orderBy('name').execute();
}

/** An active user of an organisation of the network (a contact person named in an answer), or null. */
export async function activeMemberOf(db: Db, tenantId: string, organisationId: string, userId: string): Promise<{ id: string; name: string } | null> {
  return (
    (await db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', userId)
      .where('status', '=', 'active')
      .executeTakeFirst()) ?? null
  );
}

/** The active users of an organisation, by name: the choices of "contact person". */
export function activeMembers(db: Db, tenantId: string, organisationId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'active')
    .orderBy('name')
    .execute();
}

/** Names of users by id (contact persons of answers). */
export async function userNames(db: Db, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export interface MailRecipient {
  readonly email: string;
  readonly name: string;
  readonly locale: string | null;
}
