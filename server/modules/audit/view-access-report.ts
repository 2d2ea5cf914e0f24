import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { loadAccessReport, type AccessReport } from './access-report.ts';
import { findReportCase } from './audit.queries.ts';
import type { ReportCaseKey } from './audit.schemas.ts';
import { recordAuditEvent, subjectOf } from './record-audit-event.ts';

/**
 * The data protection officer reads the who-saw-what report of one case, without staff names. The
 * view is itself audited (`audit.access_report_viewed`, with the case) in the same transaction,
 * before anything is returned: if the audit write fails nothing is shown. A case of another network
 * is not found, exactly like a missing one, and nothing is recorded for it.
 */
export async function viewAccessReport(options: { key: ReportCaseKey; via: 'api' | 'page' }, actor: Actor, ctx: AppContext): Promise<AccessReport> {
  authorize(actor, 'audit.accessReport');
  return ctx.db.transaction().execute(async (trx) => {
    const subject = await findReportCase(trx, actor, options.key);
    if (!subject) throw new AppError('not_found');
    const report = await loadAccessReport(trx, actor, subject, { staffNames: false });
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'audit.access_report_viewed',
      resource: { type: 'access_report', id: subject.id },
      caseId: subject.id,
      personPseudonym: subject.reference,
      requestId: actor.requestId ?? null,
      details: { staffNames: false, via: options.via, events: report.events.length },
    });
    return report;
  });
}
