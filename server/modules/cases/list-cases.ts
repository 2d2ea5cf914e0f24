import { authorize, can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import { blindIndexOf } from '../../db/sealing.ts';
import { caseIdsByBlindIndex, listVisibleCases, subjectsOf } from './case-list.queries.ts';
import { presentCaseListEntry } from './cases.presenter.ts';
import type { CaseListEntry, CaseListQuery } from './cases.schemas.ts';

/**
 * The cases the actor can see, filtered and sorted; by reference for everyone, by a person's family
 * name and birth date (through the blind index, never a name comparison) only for roles that may
 * see identities. The list shows pseudonyms, age bands and gender, never names; each list view is
 * audited (with the number of cases, and whether a person search was made — not whom). One page at
 * a time, in keyset order; `nextCursor` continues the list.
 */
export async function listCases(
  options: { filters: CaseListQuery },
  actor: Actor,
  ctx: AppContext,
): Promise<{ entries: CaseListEntry[]; nextCursor: string | null }> {
  authorize(actor, 'cases.list');
  const { filters } = options;
  const byPerson = filters.familyName !== undefined && filters.birthDate !== undefined;
  if (byPerson && !can(actor, 'cases.searchByName')) throw new AppError('forbidden', [], { deniedAction: 'cases.searchByName' });
  const caseIds = byPerson
    ? await caseIdsByBlindIndex(ctx.db, actor, (await blindIndexOf(ctx, actor.tenantId, filters.familyName!, filters.birthDate!)).value)
    : undefined;
  const { entries: visible, nextCursor } = await listVisibleCases(ctx.db, actor, filters, caseIds);
  const subjects = new Map(
    (
      await subjectsOf(
        ctx.db,
        actor,
        visible.map((entry) => entry.row.id),
      )
    ).map((s) => [s.case_id, s]),
  );
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: byPerson ? 'case.searched' : 'case.listed',
    resource: { type: 'case' },
    requestId: actor.requestId ?? null,
    details: { count: visible.length, ...(filters.status && { status: filters.status }), ...(filters.theme && { theme: filters.theme }) },
  });
  return { entries: visible.map((entry) => presentCaseListEntry(entry, subjects.get(entry.row.id))), nextCursor };
}
