import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { isoNow } from '../../platform/clock.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { appendAuditEvent, type AuditSubject } from '../audit/index.ts';
import { registerJobHandler, scheduleJob, type JobInfo, type JobPayload } from '../jobs/index.ts';
import { findTable, seatedUserIds } from '../tables/index.ts';
import { meetingSequence, meetingsCalendar } from './invitation-calendar.ts';
import { activeRecipients, invitedUserIds, recordInvitationSent } from './invitations.queries.ts';
import { presentMeeting } from './meetings.presenter.ts';
import { findMeeting } from './meetings.queries.ts';
import { formatMeetingTime } from './meetings.views.tsx';
import { networkTimeZone } from './table-meetings-access.ts';

/** The job that mails a meeting's invitations, once per meeting and version (its calendar SEQUENCE). */
export const MEETING_INVITATIONS_JOB = 'meeting.invitations';

/**
 * Schedules the invitations of a planned meeting inside the transaction that plans it, so they
 * exist exactly when the meeting does. The dedupe key (meeting and version) makes a second call add
 * nothing.
 */
export async function scheduleMeetingInvitations(
  trx: Kysely<Database>,
  ctx: Pick<AppContext, 'clock'>,
  meeting: { tenantId: string; id: string; version: number },
): Promise<void> {
  await scheduleJob(ctx, trx, {
    tenantId: meeting.tenantId,
    kind: MEETING_INVITATIONS_JOB,
    payload: { meetingId: meeting.id, version: meeting.version },
    dedupeKey: `${meeting.id}:${meeting.version}`,
  });
}

/** The system in the audit trail: the network only, no user, no organisation. */
const systemSubject = (tenantId: string): AuditSubject => ({ tenantId, userId: null, organisationId: null, roles: [] });

/** The scheduler as it reads the meeting and its table for the network (reads only, within the tenant). */
const schedulerOf = (tenantId: string): Actor => ({
  tenantId,
  userId: 'system',
  organisationId: '',
  roles: new Set(['coordinator']),
  locale: null,
  authentication: { kind: 'token', tokenId: 'jobs' },
});

/** The address part of a `Name <address>` sender. */
const addressOf = (from: string): string => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

/**
 * Mails every member of the meeting's table (key figures and minute takers, active accounts) an
 * invitation in their language with the meeting as an iCalendar attachment (METHOD:REQUEST, the
 * UID and SEQUENCE of `calendar.ics`, the network's TZID and VTIMEZONE; the table's name and
 * "meeting" only). Each sent mail is recorded per recipient and SEQUENCE right after it went, so a
 * retry after a failure or a crash (another node takes the job over) sends only the missing ones.
 * The one window left — the mail went, the process died before the record — resends that one mail
 * with the same Message-ID, UID and SEQUENCE, which mail and calendar programs treat as the same
 * invitation. A meeting no longer planned, or changed since (a newer version has its own job), is
 * left alone.
 */
export async function sendMeetingInvitations(ctx: AppContext, payload: JobPayload, job: Pick<JobInfo, 'tenantId'>): Promise<void> {
  const scheduler = schedulerOf(job.tenantId);
  const row = await findMeeting(ctx.db, scheduler, String(payload.meetingId ?? ''));
  if (!row || row.status !== 'planned' || Number(row.version) !== Number(payload.version)) return;
  const table = await findTable(ctx.db, scheduler, row.table_id);
  if (!table) return;
  const zone = await networkTimeZone(ctx, scheduler);
  const meeting = presentMeeting(row, table.name, zone);
  const sequence = meetingSequence(meeting);
  const already = await invitedUserIds(ctx.db, job.tenantId, meeting.id, sequence);
  const recipients = (await activeRecipients(ctx.db, job.tenantId, await seatedUserIds(ctx.db, scheduler, table.id))).filter(
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
      const values = { table: meeting.tableName, when: formatMeetingTime(meeting.startsAt, locale, zone) };
      const ics = meetingsCalendar([meeting], {
        zone,
        meetingWord: t('meetings.meeting'),
        method: 'request',
        organizer,
        attendeeEmail: recipient.email,
      });
      await ctx.mailer.send({
        to: recipient.email,
        subject: t('mail.meeting_invitation.subject', values),
        text: t('mail.meeting_invitation.body', { ...values, name: recipient.name, link: `${ctx.config.publicUrl}/meetings/${meeting.id}` }),
        attachments: [{ filename: 'meeting.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=REQUEST' }],
        messageId: `<invitation.${meeting.id}.${sequence}.${recipient.id}@${domain}>`,
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
        subject: systemSubject(job.tenantId),
        action: 'meeting.invitations_sent',
        resource: { type: 'meeting', id: meeting.id },
        details: { recipients: sent, sequence },
      });
    }
  }
}

let registered = false;

/** Registers the invitation job's handler, once per process (the module registers with every app it joins). */
export function registerMeetingInvitationJobHandler(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(MEETING_INVITATIONS_JOB, sendMeetingInvitations);
}
