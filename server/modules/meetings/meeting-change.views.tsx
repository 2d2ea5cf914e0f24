import { CheckboxGroup, ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import type { View } from '../../ui/view.ts';
import { wallClockText } from './meeting-times.ts';
import type { Meeting } from './meetings.schemas.ts';
import { MEETING_CANCEL_REASONS } from './meetings.vocabulary.ts';
import type { FormState } from './meetings.views.tsx';

/** Which of the two forms a redraw is for, with its values and errors. */
export interface MeetingChangeForm extends FormState {
  readonly name: 'reschedule' | 'cancel';
}

/** The form values of the meeting as it is: its day and times on the network's wall clock, and its version. */
export function rescheduleValues(meeting: Meeting): FormState['values'] {
  const start = wallClockText(new Date(meeting.startsAt), meeting.timeZone);
  const end = wallClockText(new Date(meeting.endsAt), meeting.timeZone);
  return { date: start.slice(0, 10), startTime: start.slice(11, 16), endTime: end.slice(11, 16), version: String(meeting.version) };
}

const labels = (view: View) => ({
  date: view.t('meetings.change.date'),
  startTime: view.t('meetings.change.start_time'),
  endTime: view.t('meetings.change.end_time'),
  reason: view.t('meetings.cancel.reason'),
  confirm: view.t('meetings.cancel.confirm_legend'),
});

/**
 * The coordinator's two forms on a planned meeting's page: move it (day, start and end on the
 * network's wall clock) and cancel it (a reason from a short list and an explicit confirmation).
 */
export function MeetingChangeSection({ view, meeting, form }: { view: View; meeting: Meeting; form?: MeetingChangeForm | undefined }) {
  const reschedule = form?.name === 'reschedule' ? form : { values: rescheduleValues(meeting), errors: {} };
  const cancel = form?.name === 'cancel' ? form : { values: {}, errors: {} };
  return (
    <section aria-labelledby="meeting-change-heading">
      <h2 id="meeting-change-heading">{view.t('meetings.change.title')}</h2>
      <ErrorSummary view={view} errors={reschedule.errors} labels={labels(view)} />
      <Form view={view} action={`/meetings/${meeting.id}/reschedule`}>
        <input type="hidden" name="version" value={String(reschedule.values.version ?? meeting.version)} />
        <TextField name="date" type="date" label={view.t('meetings.change.date')} values={reschedule.values} errors={reschedule.errors} required />
        <TextField
          name="startTime"
          label={view.t('meetings.change.start_time')}
          hint={view.t('meetings.change.time_hint', { zone: meeting.timeZone })}
          values={reschedule.values}
          errors={reschedule.errors}
          required
          autocomplete="off"
        />
        <TextField
          name="endTime"
          label={view.t('meetings.change.end_time')}
          hint={view.t('meetings.change.time_hint', { zone: meeting.timeZone })}
          values={reschedule.values}
          errors={reschedule.errors}
          required
          autocomplete="off"
        />
        <SubmitButton label={view.t('meetings.change.submit')} />
      </Form>
      <h2 id="meeting-cancel-heading">{view.t('meetings.cancel.title')}</h2>
      <ErrorSummary view={view} errors={cancel.errors} labels={labels(view)} />
      <Form view={view} action={`/meetings/${meeting.id}/cancel`}>
        <SelectField
          name="reason"
          label={view.t('meetings.cancel.reason')}
          options={MEETING_CANCEL_REASONS.map((reason) => ({ value: reason, label: view.t(`meetings.cancel_reason.${reason}`) }))}
          placeholder={view.t('meetings.cancel_reason.none')}
          values={cancel.values}
          errors={cancel.errors}
        />
        <CheckboxGroup
          name="confirm"
          legend={view.t('meetings.cancel.confirm_legend')}
          options={[{ value: 'yes', label: view.t('meetings.cancel.confirm') }]}
          values={cancel.values}
          errors={cancel.errors}
        />
        <SubmitButton label={view.t('meetings.cancel.submit')} />
      </Form>
    </section>
  );
}
