import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { today as networkToday } from '../../platform/calendar-days.ts';
import { listTablesForSelect } from '../tables/index.ts';
import { openSignal, readSignal, requireOnSignal, signalSubject, type SignalAccess } from './signal-door.ts';
import { requireSignalTab } from './signal-tabs.ts';
import { audienceOn, routedTable } from './referral-routing.ts';
import { organisationChoices } from './referral.queries.ts';
import { reporterMaySeat } from './referral-rules.ts';
import type { ReferralTabData } from './referral.views.tsx';
import { viewSignalMatches } from './view-signal-matches.ts';

/**
 * What the referral tab draws (coordinator only): after a shared concern the "already known?" matches
 * and the referral form with the table the person's age routes to; once referred, the link to the
 * case. The person's birth date is read through the signal's door (audited), only to route.
 */
export async function viewReferralTab(
  options: { signalId: string },
  actor: Actor,
  ctx: AppContext,
): Promise<{ access: SignalAccess; data: ReferralTabData }> {
  const access = await openSignal(ctx, actor, options.signalId, 'signals.refer');
  // A tab the actor does not see is not there for them (404), as the other tabs of the signal page.
  requireSignalTab(access, 'referral');
  requireOnSignal(actor, access, 'refer');
  const row = access.row;
  const referable = row.outcome === 'shared_concern' && row.case_id === null && row.status === 'in_consultation';
  const base = {
    signalId: row.id,
    caseId: row.case_id,
    addedToCase: row.added_to_case_at !== null,
    referable,
    reporterKnown: reporterMaySeat(row),
  };
  if (!referable) return { access, data: { ...base, matches: null, tables: [], routedTableId: null, organisations: [] } };
  const matches = await viewSignalMatches({ signalId: row.id }, actor, ctx);
  const read = await readSignal(ctx, actor, row.id, 'referral');
  const subject = await signalSubject(ctx, read);
  const tables = await listTablesForSelect(ctx.db, actor);
  const routed = routedTable(tables, audienceOn(subject?.birthDate, networkToday(ctx.clock)));
  return { access, data: { ...base, matches, tables, routedTableId: routed?.id ?? null, organisations: await organisationChoices(ctx.db, actor) } };
}
