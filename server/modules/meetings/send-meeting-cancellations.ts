import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { isoNow } from '../../platform/clock.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { registerJobHandler, scheduleJob, type JobInfo, type JobPayload } from '../jobs/index.ts';
import { findTable } from '../tables/index.ts';
import { meetingSequence, meetingsCalendar } from './invitation-calendar.ts';
import { activeRecipients, everInvitedUserIds, invitedUserIds, recordInvitationSent } from './invitations.queries.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { findMeeting } from './meetings.queries.ts';
import { formatMeetingTime } from './meetings.views.tsx';
import { networkTimeZone } from './table-meetings-access.ts';

/** The job that mails a cancelled meeting's cancellation to everyone who was invited (payload `{ meetingId, version }`). */
export const MEETING_CANCELLATIONS_JOB = 'meeting.cancellations';

/** Schedules the cancellation mails inside the transaction that cancels the meeting (deduplicated by meeting and version). */
export async function scheduleMeetingCancellations(
  trx: Kysely<Database>,
  ctx: Pick<AppContext, 'clock'>,
  meeting: { tenantId: string; id: string; version: number },
): Promise<void> {
  await scheduleJob(ctx, trx, {
    tenantId: meeting.tenantId,
    kind: MEETING_CANCELLATIONS_JOB,
    payload: { meetingId: meeting.id, version: meeting.version },
    dedupeKey: `cancel:${meeting.id}:${meeting.version}`,
  });
}

const schedulerOf = (tenantId: string): Actor => ({
  tenantId,
  userId: 'system',
  organisationId: '',
  roles: new Set(['coordinator']),
  locale: null,
  authentication: { kind: 'token', tokenId: 'jobs' },
});

const addressOf = (from: string): string => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/**
 * Mails everyone who got an invitation of the meeting (any version; active accounts) its
 * cancellation in their language: an iCalendar METHOD:CANCEL with the meeting's UID, the SEQUENCE of
 * the cancelled version (higher than every invitation's) and STATUS:CANCELLED — the table's name and
 * "meeting" only. Each mail is recorded in `meeting_invitations` with that SEQUENCE right after it
 * went, so a retry sends only the missing ones (a crash in between resends one mail with the same
 * Message-ID). A meeting not cancelled, or not at this version, is left alone.
 */
export async function sendMeetingCancellations(ctx: AppContext, payload: JobPayload, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  const scheduler = schedulerOf(job.tenantId);
  const row = await findMeeting(ctx.db, scheduler, String(payload.meetingId ?? ''));
  if (!row || row.status !== 'cancelled' || Number(row.version) !== Number(payload.version)) return;
  const table = await findTable(ctx.db, scheduler, row.table_id);
  if (!table) return;
  const zone = await networkTimeZone(ctx, scheduler);
  const meeting = presentMeeting(row, table.name, zone);
  const sequence = meetingSequence(meeting);
  const already = await invitedUserIds(ctx.db, job.tenantId, meeting.id, sequence);
  const recipients = (await activeRecipients(ctx.db, job.tenantId, await everInvitedUserIds(ctx.db, job.tenantId, meeting.id))).filter(
    (recipient) => !already.has(recipient.id),
  );
  if (recipients.length === 0) return;
  const tenant = await ctx.system.tenantById(job.tenantId);
  const organizer = { name: tenant?.name ?? 'Partnertafel', email: addressOf(ctx.config.mailFrom) };
  const domain = new URL(ctx.config.publicUrl).hostname || 'partnertafel';
  let sent = 0;
  try {
    for (const recipient of recipients) {
      const locale = isLocale(recipient.locale) ? recipient.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl';
      const t = translator(locale);
      const values = {
        table: meeting.tableName,
        when: formatMeetingTime(meeting.startsAt, locale, zone),
        name: recipient.name,
        reason: row.cancel_reason ? t(`meetings.cancel_reason.${row.cancel_reason}`) : t('meetings.cancel_reason.none'),
        link: `${ctx.config.publicUrl}/meetings/${meeting.id}`,
      };
      const ics = meetingsCalendar([meeting], {
        zone,
        meetingWord: t('meetings.meeting'),
        method: 'cancel',
        organizer,
        attendeeEmail: recipient.email,
      });
      await ctx.mailer.send({
        to: recipient.email,
        subject: t('mail.meeting_cancellation.subject', values),
        text: t('mail.meeting_cancellation.body', values),
        attachments: [{ filename: 'meeting.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=CANCEL' }],
        messageId: `<cancellation.${meeting.id}.${sequence}.${recipient.id}@${domain}>`,
      });
      await recordInvitationSent(ctx.db, {
        tenantId: job.tenantId,
        meetingId: meeting.id,
        userId: recipient.id,
        sequence,
        sentAt: isoNow(ctx.clock),
      });
      sent += 1;
    }
  } finally {
    if (sent > 0) {
      await appendAuditEvent(ctx, {
        subject: { tenantId: job.tenantId, userId: null, organisationId: null, roles: [] },
        action: 'meeting.cancellations_sent',
        resource: { type: 'meeting', id: meeting.id },
        details: { recipients: sent, sequence },
      });
    }
  }
}

let registered = false;

/** Registers the cancellation job's handler, once per process. */
export function registerMeetingCancellationJobHandler(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(MEETING_CANCELLATIONS_JOB, sendMeetingCancellations);
}
