import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { loadAccessReport, type AccessReport } from './access-report.ts';
import { findReportCase } from './audit.queries.ts';
import { STAFF_NAMES_REASON_STORED, type StaffNamesInput } from './audit.schemas.ts';
import { recordAuditEvent, subjectOf } from './record-audit-event.ts';

/**
 * The data protection officer decides, with a reason, to see which staff members appear in one
 * case's who-saw-what report (SECURITY.md "Audit": staff names only on a justified decision). In one
 * transaction, before the answer: the decision with its reason (`audit.staff_names_revealed`; the
 * reason is the DPO's own justification, kept up to STAFF_NAMES_REASON_STORED characters) and the
 * view of the report with names (`audit.access_report_viewed`, `staffNames: true`). If either write
 * fails, no name is shown.
 */
export async function revealStaffNames(
  options: { input: StaffNamesInput; via: 'api' | 'page' },
  actor: Actor,
  ctx: AppContext,
): Promise<AccessReport> {
  authorize(actor, 'audit.revealStaff');
  const { caseId, reason } = options.input;
  return ctx.db.transaction().execute(async (trx) => {
    const subject = await findReportCase(trx, actor, { caseId });
    if (!subject) throw new AppError('not_found');
    const report = await loadAccessReport(trx, actor, subject, { staffNames: true });
    const about = {
      subject: subjectOf(actor),
      resource: { type: 'access_report', id: subject.id },
      caseId: subject.id,
      personPseudonym: subject.reference,
      requestId: actor.requestId ?? null,
    };
    await recordAuditEvent(trx, ctx, {
      ...about,
      action: 'audit.staff_names_revealed',
      details: { reason: Array.from(reason).slice(0, STAFF_NAMES_REASON_STORED).join(''), via: options.via },
    });
    await recordAuditEvent(trx, ctx, {
      ...about,
      action: 'audit.access_report_viewed',
      details: { staffNames: true, via: options.via, events: report.events.length },
    });
    return report;
  });
}
