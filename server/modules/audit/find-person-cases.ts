import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { personBlindIndex } from '../../platform/field-crypto.ts';
import { listCasesOfPerson, type PersonCaseRow } from './audit.queries.ts';
import type { PersonLookupInput } from './audit.schemas.ts';
import { appendAuditEvent, subjectOf } from './record-audit-event.ts';

/**
 * Roles a person has in a case, with a label `audit.report.person_role.<role>`: the subject, or a
 * person around the subject (the cases module's context roles). Other values are shown as stored.
 */
export const PERSON_ROLES = ['subject', 'parent', 'guardian', 'sibling', 'other'] as const;

export type PersonCase = PersonCaseRow;

const roleRank = (role: string): number => {
  const rank = (PERSON_ROLES as readonly string[]).indexOf(role);
  return rank === -1 ? PERSON_ROLES.length : rank;
};

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** By reference; within one case the subject first, then the roles in PERSON_ROLES order. */
const byReferenceThenRole = (a: PersonCase, b: PersonCase): number =>
  compareText(a.reference, b.reference) || roleRank(a.role) - roleRank(b.role) || compareText(a.role, b.role);

/**
 * The data protection officer finds the cases of one person (family name and birth date), to answer
 * an access request "for a person" with the who-saw-what report of each case. The match is exact,
 * through the tenant's blind index (normalised name and birth date), so no name is compared or
 * stored in clear. The lookup is itself audited (`audit.person_looked_up`) with the number of
 * distinct cases found and never the name or the birth date, also when nothing is found; if the
 * audit write fails, nothing is returned.
 */
export async function findPersonCases(options: PersonLookupInput & { via: 'api' | 'page' }, actor: Actor, ctx: AppContext): Promise<PersonCase[]> {
  authorize(actor, 'audit.accessReport');
  // The key first: on SQLite the keyring's own query would wait behind the transaction's connection.
  const { key } = await ctx.keyring.current(actor.tenantId, 'blind_index');
  const blindIndex = personBlindIndex(key, options.familyName, options.birthDate);
  const cases = (await listCasesOfPerson(ctx.db, actor, blindIndex)).sort(byReferenceThenRole);
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'audit.person_looked_up',
    resource: { type: 'access_report', id: null },
    requestId: actor.requestId ?? null,
    details: { cases: new Set(cases.map((entry) => entry.caseId)).size, via: options.via },
  });
  return cases;
}
