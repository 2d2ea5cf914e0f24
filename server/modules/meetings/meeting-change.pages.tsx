import type { FastifyInstance } from 'fastify';
import { can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { handleForm, pick, requirePageActor } from '../../http/page-helpers.ts';
import { redirectWithFlash } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { AppError, isAppError, type FieldIssue } from '../../platform/errors.ts';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { loadMeetingPage, meetingPageView } from './agenda-attendance.pages.tsx';
import { cancelMeeting } from './cancel-meeting.ts';
import { MeetingChangeSection, type MeetingChangeForm } from './meeting-change.views.tsx';
import { instantOfWallClock } from './meeting-times.ts';
import type { Meeting } from './meetings.schemas.ts';
import { meetingCancelSchema, type MeetingCancel } from './meetings.schemas.ts';
import { openTableForMeetings } from './table-meetings-access.ts';
import { rescheduleMeeting } from './reschedule-meeting.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** Whether the actor may move or cancel this meeting now: the coordinator, while it is planned. */
export async function canChangeMeeting(ctx: AppContext, actor: Actor, meeting: Meeting): Promise<boolean> {
  if (meeting.status !== 'planned') return false;
  const table = await openTableForMeetings(ctx, actor, meeting.tableId);
  return can(actor, 'meetings.change', table.facts);
}

/** The change section of `/meetings/:id`, or nothing for who may not change the meeting. */
export async function meetingChangeSection(ctx: AppContext, actor: Actor, view: View, meeting: Meeting, form?: MeetingChangeForm) {
  return (await canChangeMeeting(ctx, actor, meeting)) ? <MeetingChangeSection view={view} meeting={meeting} form={form} /> : null;
}

/** The form's day and wall-clock times → ISO instants in the network's zone; per field `validation_failed`. */
function instantsOf(values: FormValues, zone: string): { startsAt: string; endsAt: string; version: number } {
  const picked = pick(values, ['date', 'startTime', 'endTime', 'version']) as Record<string, string | undefined>;
  const issues: FieldIssue[] = [];
  const day = String(picked.date ?? '').trim();
  const start = String(picked.startTime ?? '').trim();
  const end = String(picked.endTime ?? '').trim();
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) issues.push({ path: 'date', messageKey: 'validation.meeting_date_invalid' });
  if (!CLOCK.test(start)) issues.push({ path: 'startTime', messageKey: 'validation.meeting_time_invalid' });
  if (!CLOCK.test(end)) issues.push({ path: 'endTime', messageKey: 'validation.meeting_time_invalid' });
  const version = Number(picked.version);
  if (!Number.isInteger(version) || version < 1) issues.push({ path: 'form', messageKey: 'validation.if_match_required' });
  if (issues.length > 0) throw new AppError('validation_failed', issues);
  const instant = (clock: string) => instantOfWallClock(Date.parse(`${day}T${clock}:00Z`), zone).toISOString();
  return { startsAt: instant(start), endsAt: instant(end), version };
}

/** The use case's field names → the form's. */
const FORM_PATHS: Record<string, string> = { startsAt: 'startTime', endsAt: 'endTime' };

/** The forms that move and cancel a planned meeting (no JavaScript needed). */
export function registerMeetingChangePages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  /** A redraw of the meeting page with one change form's values and errors (only a coordinator gets that far). */
  const redraw =
    (loaded: Awaited<ReturnType<typeof loadMeetingPage>>, name: MeetingChangeForm['name']) => (view: View, values: FormValues, errors: FieldErrors) =>
      meetingPageView(view, loaded, undefined, <MeetingChangeSection view={view} meeting={loaded.meeting} form={{ name, values, errors }} />);

  app.post('/meetings/:id/reschedule', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    const loaded = await loadMeetingPage(ctx, actor, meetingId);
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          const { startsAt, endsAt, version } = instantsOf(values, loaded.meeting.timeZone);
          try {
            await rescheduleMeeting({ meetingId, expectedVersion: version, input: { startsAt, endsAt } }, actor, ctx);
          } catch (error) {
            if (isAppError(error) && error.code === 'validation_failed')
              throw new AppError(
                'validation_failed',
                error.issues.map((issue) => ({ ...issue, path: FORM_PATHS[issue.path] ?? issue.path })),
              );
            throw error;
          }
          return redirectWithFlash(reply, cookies, `/meetings/${meetingId}`, 'flash.meeting_rescheduled');
        },
        redraw: redraw(loaded, 'reschedule'),
      },
    );
  });

  app.post('/meetings/:id/cancel', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    const loaded = await loadMeetingPage(ctx, actor, meetingId);
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          const picked = pick(values, ['reason']);
          if (picked.reason === '') delete picked.reason;
          const issues: FieldIssue[] = values.confirm === 'yes' ? [] : [{ path: 'confirm', messageKey: 'validation.meeting_cancel_confirm' }];
          let input: MeetingCancel | null = null;
          try {
            input = parseInput(meetingCancelSchema, picked);
          } catch (error) {
            if (!isAppError(error) || error.code !== 'validation_failed') throw error;
            issues.push(...error.issues);
          }
          if (issues.length > 0 || !input) throw new AppError('validation_failed', issues);
          await cancelMeeting({ meetingId, input }, actor, ctx);
          return redirectWithFlash(reply, cookies, `/meetings/${meetingId}`, 'flash.meeting_cancelled');
        },
        redraw: redraw(loaded, 'cancel'),
      },
    );
  });
}
