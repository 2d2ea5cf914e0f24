import type { Actor, Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { formatLocalDay, formatLocalDayOf } from '../../ui/local-time.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { visibleCaseIds } from '../cases/index.ts';
import type { JobInfo, JobPayload } from '../jobs/index.ts';
import { meetingForSystem } from '../meetings/index.ts';
import { actionPointsPdf, type ActionPointLine } from './action-points-pdf.ts';
import type { AgreementFacts } from './plans.policy.ts';
import {
  activeProfessionalsWithRoles,
  caseReferenceOf,
  openAgreementsOfCases,
  organisationsMailedFor,
  recordActionPointMail,
  type AgreementRow,
} from './plans.queries.ts';

/** A recipient as the policy sees them: the professional, acting for the job (reads only). */
const recipientActor = (tenantId: string, user: { id: string; locale: string | null; roles: string[] }, organisationId: string): Actor => ({
  tenantId,
  userId: user.id,
  organisationId,
  roles: new Set(user.roles as Role[]),
  locale: isLocale(user.locale) ? user.locale : null,
  authentication: { kind: 'token', tokenId: 'jobs' },
});

/** The facts of one agreement for a reader who sees its case (the responsible organisation's rule decides). */
const factsOf = (tenantId: string, row: AgreementRow): AgreementFacts => ({
  tenantId,
  seesCase: true,
  coordinator: false,
  tableAudience: false,
  organisationId: row.organisation_id,
});

/** The address part of a `Name <address>` sender, for the Message-ID's domain. */
const domainOf = (publicUrl: string): string => new URL(publicUrl).hostname || 'partnertafel';

/**
 * Each organisation's own action points after a closed meeting (job `meeting.action_points`,
 * payload `{ meetingId }`): the open agreements of the meeting's agenda cases, grouped by the
 * responsible organisation. Each active professional of that organisation (not a coordinator) gets
 * ONE mail listing only the action points they may read — "our agreements"' rule: `plans.listOwn`,
 * the case visible to them, `plans.readAgreement` as the responsible organisation. The mail's body
 * holds the count, the cases' pseudonyms and due dates and a link to `/agreements`, no case content;
 * its PDF adds each agreement's description (the organisation's own action) and status.
 *
 * Idempotent per meeting and organisation: once an organisation's mails went, a row in
 * `plan_action_point_mails` (unique per meeting and organisation) and the audit event
 * `plan.action_points_sent` are written in one transaction; a retried or restarted job skips that
 * organisation. A failure while mailing leaves the organisation unrecorded (the job fails and is
 * retried): the retry mails that organisation again with the same Message-IDs, which mail programs
 * treat as one message. A meeting that is not closed is left alone.
 */
export async function sendActionPoints(ctx: AppContext, payload: JobPayload, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  const tenantId = job.tenantId;
  const meeting = await meetingForSystem(ctx, tenantId, String(payload.meetingId ?? ''));
  if (!meeting || meeting.status !== 'closed') return;
  const rows = await openAgreementsOfCases(ctx.db, tenantId, meeting.agendaCaseIds);
  const mailed = await organisationsMailedFor(ctx.db, tenantId, meeting.id);
  const byOrganisation = new Map<string, AgreementRow[]>();
  for (const row of rows) {
    if (mailed.has(row.organisation_id)) continue;
    byOrganisation.set(row.organisation_id, [...(byOrganisation.get(row.organisation_id) ?? []), row]);
  }
  if (byOrganisation.size === 0) return;
  const tenant = await ctx.system.tenantById(tenantId);
  const references = new Map<string, string>();
  for (const caseId of new Set(rows.map((row) => row.case_id))) references.set(caseId, (await caseReferenceOf(ctx.db, tenantId, caseId)) ?? '');
  const opener = fieldOpener(ctx, tenantId);
  const domain = domainOf(ctx.config.publicUrl);

  for (const [organisationId, points] of byOrganisation) {
    const descriptions = new Map<string, string>();
    let recipients = 0;
    for (const user of await activeProfessionalsWithRoles(ctx.db, tenantId, organisationId)) {
      const reader = recipientActor(tenantId, user, organisationId);
      if (!can(reader, 'plans.listOwn')) continue;
      const visible = await visibleCaseIds(ctx.db, reader, [...new Set(points.map((point) => point.case_id))]);
      const own = points.filter((point) => visible.has(point.case_id) && can(reader, 'plans.readAgreement', factsOf(tenantId, point)));
      if (own.length === 0) continue;
      const lines: ActionPointLine[] = [];
      for (const point of own) {
        if (!descriptions.has(point.id)) {
          descriptions.set(point.id, await opener.open('plan_agreements', point.id, 'description', point.description_sealed));
        }
        lines.push({
          caseReference: references.get(point.case_id) ?? '',
          description: descriptions.get(point.id)!,
          dueDate: point.due_date,
          status: point.status,
        });
      }
      const locale = reader.locale ?? (isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl');
      const t = translator(locale);
      const meetingDay = formatLocalDayOf(meeting.startsAt, locale);
      const pdf = await actionPointsPdf(
        { organisationName: points[0]!.organisation_name, tableName: meeting.tableName, meetingDay, points: lines },
        locale,
      );
      const list = lines
        .map((line) => t('mail.action_points.line', { reference: line.caseReference, due: formatLocalDay(line.dueDate, locale) }))
        .join('\n');
      const values = {
        name: user.name,
        table: meeting.tableName,
        day: meetingDay,
        count: lines.length,
        list,
        link: `${ctx.config.publicUrl}/agreements`,
      };
      await ctx.mailer.send({
        to: user.email,
        subject: t('mail.action_points.subject', values),
        text: t('mail.action_points.body', values),
        attachments: [{ filename: t('mail.action_points.filename'), content: pdf, contentType: 'application/pdf' }],
        messageId: `<action-points.${meeting.id}.${organisationId}.${user.id}@${domain}>`,
      });
      recipients += 1;
    }
    await ctx.db.transaction().execute(async (trx) => {
      const id = newId();
      const recorded = await recordActionPointMail(trx, {
        id,
        tenantId,
        meetingId: meeting.id,
        organisationId,
        agreementCount: points.length,
        recipientCount: recipients,
        sentAt: isoNow(ctx.clock),
      });
      if (!recorded) return;
      await recordAuditEvent(trx, ctx, {
        subject: { tenantId, userId: null, organisationId: null, roles: [] },
        action: 'plan.action_points_sent',
        resource: { type: 'action_point_mail', id },
        details: { meetingId: meeting.id, organisationId, count: points.length, recipients },
      });
    });
  }
}
