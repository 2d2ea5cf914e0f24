import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';
import { keyFiguresOf } from '../tables/index.ts';
import type { AuditedCaseRead, CaseAccess } from './case-door.ts';
import { assertCovers } from './case-read-parts.ts';
import type { CaseRow } from './cases.queries.ts';
import type { Audience, ParticipantRole } from './cases.vocabulary.ts';

/**
 * Who takes part in a case: the table's key figures (from the tables module), explicit participants,
 * the organisations they bring, and who an item's audience reaches. Names only for an audited read.
 */

/**
 * Explicit participants and the table's key figures, who take part in every case of the table. A
 * `key_figure` participation row counts only while its user still holds the seat: leaving the table
 * ends the participation, whatever rows remain.
 */
async function participantRows(db: Kysely<Database>, actor: Actor, row: CaseRow) {
  const [explicit, keyFigures] = await Promise.all([
    db
      .selectFrom('case_participants')
      .innerJoin('users', 'users.id', 'case_participants.user_id')
      .select(['case_participants.user_id', 'case_participants.role', 'users.name', 'users.organisation_id'])
      .where('case_participants.tenant_id', '=', actor.tenantId)
      .where('users.tenant_id', '=', actor.tenantId)
      .where('case_participants.case_id', '=', row.id)
      .execute(),
    keyFiguresOf(db, actor, row.table_id),
  ]);
  const seated = new Set(keyFigures.map((k) => k.user_id));
  const current = explicit.filter((p) => p.role !== 'key_figure' || seated.has(p.user_id));
  const explicitIds = new Set(current.map((p) => p.user_id));
  return [
    ...keyFigures.filter((k) => !explicitIds.has(k.user_id)).map((k) => ({ ...k, role: 'key_figure' as const, fromTable: true })),
    ...current.map((p) => ({ ...p, role: p.role as ParticipantRole, fromTable: false })),
  ];
}

/** Who takes part in the case, with names: only for an audited read of the participants. */
export async function participantsOf(db: Kysely<Database>, actor: Actor, read: AuditedCaseRead) {
  assertCovers(read, 'participants');
  return participantRows(db, actor, read.row);
}

/** The organisations of the network's active coordinators: the table audience always reaches them. */
function coordinatorOrganisations(db: Kysely<Database>, actor: Actor) {
  return db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.organisation_id')
    .where('user_roles.tenant_id', '=', actor.tenantId)
    .where('users.tenant_id', '=', actor.tenantId)
    .where('user_roles.role', '=', 'coordinator')
    .where('users.status', '=', 'active')
    .execute();
}

/** Organisations taking part in the case: the ones a named audience or a consent may point to. */
export async function participatingOrganisations(db: Kysely<Database>, actor: Actor, access: CaseAccess): Promise<Set<string>> {
  const { row } = access;
  const [participants, coordinators] = await Promise.all([participantRows(db, actor, row), coordinatorOrganisations(db, actor)]);
  const ids = new Set<string>([...participants.map((p) => p.organisation_id), ...coordinators.map((c) => c.organisation_id)]);
  if (row.case_owner_organisation_id) ids.add(row.case_owner_organisation_id);
  if (row.referrer_organisation_id) ids.add(row.referrer_organisation_id);
  return ids;
}

/** Whether a user already takes part in the case explicitly (for refusing a second seat). */
export async function isParticipant(db: Kysely<Database>, actor: Actor, access: CaseAccess, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_participants')
    .select('role')
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', access.row.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Organisations an audience reaches right now (for checking that a consent covers them). */
export async function audienceOrganisations(
  db: Kysely<Database>,
  actor: Actor,
  access: CaseAccess,
  audience: Audience,
  named: readonly string[],
): Promise<Set<string>> {
  const { row } = access;
  if (audience === 'organisations') return new Set(named);
  if (audience === 'own_organisation') return new Set();
  const participants = await participantRows(db, actor, row);
  if (audience === 'care_network') {
    const ids = new Set(participants.filter((p) => p.role === 'care_network').map((p) => p.organisation_id));
    if (row.case_owner_organisation_id) ids.add(row.case_owner_organisation_id);
    return ids;
  }
  const coordinators = await coordinatorOrganisations(db, actor);
  return new Set([
    ...coordinators.map((c) => c.organisation_id),
    ...participants.filter((p) => p.role === 'key_figure' || p.role === 'guest').map((p) => p.organisation_id),
  ]);
}
