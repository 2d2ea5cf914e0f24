import { ButtonForm, ErrorSummary, Form, SubmitButton, TextField } from '../../ui/components.tsx';
import type { Child } from 'hono/jsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { Meeting, Proposal, Schedule } from './meetings.schemas.ts';

/* A table's schedule and meetings, and one meeting, as pure views of what the page handlers loaded. */

export interface FormState {
  readonly values: FormValues;
  readonly errors: FieldErrors;
}

const DISPLAY_LOCALES: Record<string, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

/** A moment in a zone, in the reader's language: "maandag 1 maart 2027 om 09:00". */
export function formatMeetingTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(DISPLAY_LOCALES[locale] ?? 'en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}

/** Only the time of day in a zone: "11:00". */
function formatClock(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(DISPLAY_LOCALES[locale] ?? 'en-GB', { timeZone, timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
}

const scheduleLabels = (view: View) => ({
  rrule: view.t('meetings.field.rrule'),
  localStartTime: view.t('meetings.field.local_start_time'),
  durationMinutes: view.t('meetings.field.duration_minutes'),
  timeZone: view.t('meetings.field.time_zone'),
  startsAt: view.t('meetings.field.starts_at'),
});

function MeetingList({ view, meetings }: { view: View; meetings: readonly Meeting[] }) {
  if (meetings.length === 0) return <p>{view.t('meetings.empty')}</p>;
  return (
    <ul class="meeting-list">
      {meetings.map((meeting) => (
        <li>
          <a href={`/meetings/${meeting.id}`}>{formatMeetingTime(meeting.startsAt, view.locale, meeting.timeZone)}</a>
          {' · '}
          {view.t(`meetings.kind.${meeting.kind}`)}
        </li>
      ))}
    </ul>
  );
}

function ScheduleForm({ view, tableId, form }: { view: View; tableId: string; form: FormState }) {
  return (
    <section aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">{view.t('meetings.schedule_title')}</h2>
      <ErrorSummary view={view} errors={form.errors} labels={scheduleLabels(view)} />
      <Form view={view} action={`/tables/${tableId}/schedule`}>
        <TextField
          name="rrule"
          label={view.t('meetings.field.rrule')}
          hint={view.t('meetings.rrule_hint')}
          values={form.values}
          errors={form.errors}
          required
          autocomplete="off"
        />
        <TextField
          name="localStartTime"
          label={view.t('meetings.field.local_start_time')}
          hint={view.t('meetings.local_start_time_hint')}
          values={form.values}
          errors={form.errors}
          required
          autocomplete="off"
        />
        <TextField
          name="durationMinutes"
          type="number"
          label={view.t('meetings.field.duration_minutes')}
          values={form.values}
          errors={form.errors}
          required
        />
        <TextField
          name="timeZone"
          label={view.t('meetings.field.time_zone')}
          hint={view.t('meetings.time_zone_hint')}
          values={form.values}
          errors={form.errors}
          autocomplete="off"
        />
        <SubmitButton label={view.t('meetings.schedule_save')} />
      </Form>
    </section>
  );
}

function Proposals({ view, tableId, proposals, timeZone }: { view: View; tableId: string; proposals: readonly Proposal[]; timeZone: string }) {
  return (
    <section aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">{view.t('meetings.proposals_title')}</h2>
      {proposals.length === 0 ? (
        <p>{view.t('meetings.proposals_none')}</p>
      ) : (
        <ul class="proposal-list">
          {proposals.map((proposal) => (
            <li>
              {proposal.planned ? (
                <p>
                  {formatMeetingTime(proposal.startsAt, view.locale, timeZone)} · {view.t('meetings.proposal_planned')}
                </p>
              ) : (
                <ButtonForm
                  view={view}
                  action={`/tables/${tableId}/meetings`}
                  hidden={{ startsAt: proposal.startsAt, kind: 'regular' }}
                  label={view.t('meetings.plan_this', { when: formatMeetingTime(proposal.startsAt, view.locale, timeZone) })}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `/tables/:id/meetings`: the coordinator plans (schedule form, proposals); every member sees the coming meetings. */
export function TableMeetingsPage(props: {
  view: View;
  tableId: string;
  tableName: string;
  meetings: readonly Meeting[];
  planning: { schedule: Schedule | null; proposals: readonly Proposal[]; form: FormState; planErrors: FieldErrors } | null;
}) {
  const { view, planning } = props;
  const title = view.t('meetings.table_title', { table: props.tableName });
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      {planning && <ErrorSummary view={view} errors={planning.planErrors} labels={scheduleLabels(view)} />}
      <section aria-labelledby="meetings-heading">
        <h2 id="meetings-heading">{view.t('meetings.coming_title')}</h2>
        <MeetingList view={view} meetings={props.meetings} />
      </section>
      {planning && (
        <>
          {planning.schedule && (
            <Proposals view={view} tableId={props.tableId} proposals={planning.proposals} timeZone={planning.schedule.timeZone} />
          )}
          <ScheduleForm view={view} tableId={props.tableId} form={planning.form} />
        </>
      )}
    </Layout>
  );
}

/** `/meetings/:id`: when (in the network's zone), which table, and the calendar file; `children` the statement or agenda, and attendance. */
export function MeetingPage({ view, meeting, children }: { view: View; meeting: Meeting; children?: Child }) {
  const title = view.t('meetings.meeting_title', { table: meeting.tableName });
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <dl class="facts">
        <div>
          <dt>{view.t('meetings.field.starts_at')}</dt>
          <dd>{formatMeetingTime(meeting.startsAt, view.locale, meeting.timeZone)}</dd>
        </div>
        <div>
          <dt>{view.t('meetings.field.ends_at')}</dt>
          <dd>{formatClock(meeting.endsAt, view.locale, meeting.timeZone)}</dd>
        </div>
        <div>
          <dt>{view.t('meetings.field.time_zone')}</dt>
          <dd>{meeting.timeZone}</dd>
        </div>
        <div>
          <dt>{view.t('meetings.field.kind')}</dt>
          <dd>{view.t(`meetings.kind.${meeting.kind}`)}</dd>
        </div>
        <div>
          <dt>{view.t('meetings.field.status')}</dt>
          <dd>{view.t(`meetings.status.${meeting.status}`)}</dd>
        </div>
      </dl>
      <p>
        {/* Not boosted: htmx would fetch the file and swap it into the page instead of downloading it. */}
        <a href={`/meetings/${meeting.id}/calendar.ics`} download="meeting.ics" hx-boost="false">
          {view.t('meetings.add_to_calendar')}
        </a>
      </p>
      {children}
      <section aria-labelledby="meeting-feedback-heading">
        <h2 id="meeting-feedback-heading">{view.t('feedback.list_title')}</h2>
        <p>
          <a href={`/meetings/${meeting.id}/feedback-forms`}>{view.t('feedback.open_list')}</a>
        </p>
      </section>
      <p>
        <a href={`/tables/${meeting.tableId}/meetings`}>{view.t('meetings.back_to_table', { table: meeting.tableName })}</a>
      </p>
    </Layout>
  );
}
