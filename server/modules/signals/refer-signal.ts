import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/config.ts';
import { today as networkToday } from '../../platform/calendar-days.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { addItem, ageBandOn, createCase, type CaseCreate, type TableAudience } from '../cases/index.ts';
import { listTablesForSelect } from '../tables/index.ts';
import { openSignal, readSignal, requireOnSignal, signalAuditEvent, signalSubject } from './signal-door.ts';
import { changeSignalRow } from './signals.queries.ts';
import { routeReferral } from './referral-routing.ts';
import { caseTheme, knownReporterOrganisation, seatRefusal, referralItemClasses, requireReferable } from './referral-rules.ts';
import { inquiriesSummaryText } from './referral-inquiries.ts';
import { referralSummaries } from './referral-summaries.ts';
import { claimForReferral, releaseReferralClaim } from './referral.queries.ts';
import type { Referral } from './referral.schemas.ts';

/**
 * The coordinator refers a signal with a shared concern to a partner table (issue 11, "Referral"):
 * a new case through the cases module (`createCase`, which checks the table, the age and the
 * duplicates again), on the table chosen or routed by the person's age on the referral day. The case
 * receives the screening summary and the inquiry summary (yes / no answers only) as items for the
 * table under art. 458ter; the signal becomes
 * `referred` with the case's id. The reporter's organisation becomes the case's referrer organisation
 * only when the reporter made themself known and the coordinator seats it (it agreed).
 */
export async function referSignal(
  options: { signalId: string; input: Referral; locale: Locale },
  actor: Actor,
  ctx: AppContext,
): Promise<{ caseId: string; reference: string }> {
  const { input } = options;
  const access = await openSignal(ctx, actor, options.signalId, 'signals.refer');
  requireOnSignal(actor, access, 'refer');
  requireReferable(access.row);
  const referrerOrganisationId = knownReporterOrganisation(access.row);
  if (input.seatReporterOrganisation === true && referrerOrganisationId === null)
    throw new AppError('validation_failed', [
      { path: 'seatReporterOrganisation', messageKey: seatRefusal(access.row) ?? 'validation.referral.reporter_not_known' },
    ]);
  const read = await readSignal(ctx, actor, options.signalId, 'referral');
  const subject = await signalSubject(ctx, read);
  const referralDay = networkToday(ctx.clock);
  const tables = await listTablesForSelect(ctx.db, actor);
  const routing = routeReferral({
    tables,
    birthDate: subject?.birthDate,
    referralDay,
    tableId: input.tableId,
    ageExceptionReason: input.ageExceptionReason,
  });
  if (!routing.ok) throw new AppError('validation_failed', [{ path: routing.path, messageKey: routing.messageKey }]);
  const anonymous = input.identityDisclosure === 'anonymous';
  const caseInput: CaseCreate = {
    tableId: routing.table.id,
    theme: caseTheme(read.row.theme),
    summary: input.summary,
    identityDisclosure: input.identityDisclosure,
    subject: anonymous
      ? { ...(subject?.birthDate && { ageBand: ageBandOn(subject.birthDate, referralDay) }) }
      : {
          ...(subject?.givenName && { givenName: subject.givenName }),
          ...(subject?.familyName && { familyName: subject.familyName }),
          ...(subject?.birthDate && { birthDate: subject.birthDate }),
        },
    contextPersons: [],
    caseOwnerOrganisationId: input.caseOwnerOrganisationId ?? null,
    referrerOrganisationId: input.seatReporterOrganisation === true ? referrerOrganisationId : null,
    ...(routing.override && { ageExceptionReason: input.ageExceptionReason }),
    ...(input.confirmDuplicate === true && { confirmDuplicate: true }),
  };
  const claim = { id: access.row.id, version: access.row.version };
  if (!(await claimForReferral(ctx.db, actor, claim)))
    throw new AppError('conflict', [{ path: 'signal', messageKey: 'validation.referral.already_referred' }]);
  let created: { id: string; reference: string };
  try {
    created = await createCase({ input: caseInput }, actor, ctx);
  } catch (error) {
    await releaseReferralClaim(ctx.db, actor, claim);
    throw error;
  }
  const { screening, inquiries } = await referralSummaries(ctx, actor, read, options.locale);
  const classes = referralItemClasses(read.row.theme, routing.table.audience as TableAudience);
  for (const body of [screening, inquiries && inquiriesSummaryText(inquiries, options.locale)])
    if (body) await addItem({ caseId: created.id, input: { body, audience: 'table', legalBasis: 'art_458ter', classes } }, actor, ctx);
  await ctx.db.transaction().execute(async (trx) => {
    await changeSignalRow(trx, ctx, access.row.tenant_id, access.row.id, null, { status: 'referred', case_id: created.id });
    await recordAuditEvent(
      trx,
      ctx,
      signalAuditEvent(actor, access, 'signal.referred', {
        purpose: 'consult_point',
        details: {
          caseId: created.id,
          tableId: routing.table.id,
          identityDisclosure: input.identityDisclosure,
          ...(routing.override && { ageException: true }),
          referrerOrganisation: caseInput.referrerOrganisationId !== null,
        },
      }),
    );
  });
  return { caseId: created.id, reference: created.reference };
}
