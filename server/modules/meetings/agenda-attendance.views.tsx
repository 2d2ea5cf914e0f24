import { ButtonForm, ErrorSummary, Form, SelectField, SubmitButton, type Option } from '../../ui/components.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { Agenda } from './agenda-building.ts';
import type { Attestation } from './attest-meeting.ts';
import { attestationStatement } from './attestation-statement.ts';
import { ATTENDANCE_STATUSES } from './attendance.vocabulary.ts';
import type { AttendanceEntry } from './list-meeting-attendance.ts';
import { formatMeetingTime } from './meetings.views.tsx';
import { modalitiesPlace } from '../tables/index.ts';

/* The meeting page's parts of issue 12: the confidentiality statement, the agenda and its controls, attendance. */

/** What `/meetings/:id` shows below the meeting's facts. */
export interface MeetingCycleParts {
  readonly meetingId: string;
  readonly tableId: string;
  readonly timeZone: string;
  readonly attestation: Attestation;
  /** Null until the actor attested. */
  readonly agenda: Agenda | null;
  /** The coordinator's controls: open cases of the table not on the agenda; null for everyone else. */
  readonly addable: readonly Option[] | null;
  readonly attendance: readonly AttendanceEntry[];
  readonly canRecordAttendance: boolean;
  /** Until the actor attested: whether they confirmed the table's current modalities (version 0: there are none). */
  readonly modalities?: { readonly confirmed: boolean; readonly version: number };
  readonly form?: { readonly name: 'agenda' | 'attendance'; readonly values: FormValues; readonly errors: FieldErrors };
}

function AttestationForm({ view, parts }: { view: View; parts: MeetingCycleParts }) {
  return (
    <section aria-labelledby="attestation-heading" class="attestation">
      <h2 id="attestation-heading">{view.t('meetings.attestation_title')}</h2>
      {attestationStatement(view.t).map((paragraph) => (
        <p>{paragraph}</p>
      ))}
      <p>
        <a href={`/tables/${parts.tableId}`}>{view.t('meetings.attestation_governance_link')}</a>
      </p>
      {parts.modalities && parts.modalities.version > 0 && (
        <p class="hint">
          {view.t(parts.modalities.confirmed ? 'meetings.attestation_modalities_confirmed' : 'meetings.attestation_modalities_pending', {
            version: parts.modalities.version,
          })}{' '}
          <a href={modalitiesPlace(parts.tableId)}>{view.t('meetings.attestation_modalities_link')}</a>
        </p>
      )}
      <ButtonForm view={view} action={`/meetings/${parts.meetingId}/attestation`} label={view.t('meetings.attestation_confirm')} />
    </section>
  );
}

function AgendaSection({ view, parts, agenda }: { view: View; parts: MeetingCycleParts; agenda: Agenda }) {
  const base = `/meetings/${parts.meetingId}/agenda`;
  const controls = parts.addable !== null;
  const form = parts.form?.name === 'agenda' ? parts.form : { values: {}, errors: {} };
  return (
    <section aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{view.t('meetings.agenda_title')}</h2>
      {agenda.items.length === 0 ? (
        <p>{view.t('meetings.agenda_empty')}</p>
      ) : (
        <ol class="agenda-list">
          {agenda.items.map((item, index) => (
            <li>
              {/* Meeting mode: the case as this meeting opens it (briefing, minutes). */}
              <a href={`/meetings/${parts.meetingId}/cases/${item.caseId}`}>
                <strong>{item.reference}</strong>
              </a>{' '}
              · {view.t(`cases.theme.${item.theme}`)} · {view.t(`meetings.agenda_reason.${item.reason}`)}
              {controls && (
                <div class="agenda-controls">
                  {index > 0 && (
                    <ButtonForm
                      view={view}
                      action={`${base}/items/${item.id}/move`}
                      hidden={{ direction: 'up' }}
                      label={
                        <>
                          {view.t('meetings.agenda_up')}
                          <span class="visually-hidden"> {item.reference}</span>
                        </>
                      }
                    />
                  )}
                  {index < agenda.items.length - 1 && (
                    <ButtonForm
                      view={view}
                      action={`${base}/items/${item.id}/move`}
                      hidden={{ direction: 'down' }}
                      label={
                        <>
                          {view.t('meetings.agenda_down')}
                          <span class="visually-hidden"> {item.reference}</span>
                        </>
                      }
                    />
                  )}
                  <ButtonForm
                    view={view}
                    action={`${base}/items/${item.id}/remove`}
                    label={
                      <>
                        {view.t('meetings.agenda_remove')}
                        <span class="visually-hidden"> {item.reference}</span>
                      </>
                    }
                  />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={`/meetings/${parts.meetingId}/minutes`}>{view.t('meetings.minutes_link')}</a>
      </p>
      {controls && (
        <>
          <ButtonForm view={view} action={`${base}/build`} label={view.t('meetings.agenda_build')} />
          <ErrorSummary view={view} errors={form.errors} labels={{ caseId: view.t('meetings.field.agenda_case') }} />
          {parts.addable!.length > 0 && (
            <>
              <Form view={view} action={`${base}/items`}>
                <SelectField
                  name="caseId"
                  label={view.t('meetings.field.agenda_case')}
                  options={parts.addable!}
                  values={form.values}
                  errors={form.errors}
                  required
                />
                <SubmitButton label={view.t('meetings.agenda_add')} />
              </Form>
            </>
          )}
        </>
      )}
    </section>
  );
}

function AttendanceSection({ view, parts }: { view: View; parts: MeetingCycleParts }) {
  const statusOptions: Option[] = ATTENDANCE_STATUSES.map((status) => ({ value: status, label: view.t(`meetings.attendance_status.${status}`) }));
  const form = parts.form?.name === 'attendance' ? parts.form : null;
  return (
    <section aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{view.t('meetings.attendance_title')}</h2>
      {form && (
        <ErrorSummary
          view={view}
          errors={form.errors}
          labels={{ userId: view.t('meetings.field.attendance_member'), status: view.t('meetings.field.attendance_status') }}
        />
      )}
      {parts.attendance.length === 0 ? (
        <p>{view.t('meetings.attendance_no_members')}</p>
      ) : (
        <ul class="attendance-list">
          {parts.attendance.map((entry) => (
            <li>
              <span>
                {entry.name} ({entry.organisation}):{' '}
                <strong>{entry.status ? view.t(`meetings.attendance_status.${entry.status}`) : view.t('meetings.attendance_not_recorded')}</strong>
              </span>
              {parts.canRecordAttendance && (
                <Form view={view} action={`/meetings/${parts.meetingId}/attendance`}>
                  <input type="hidden" name="userId" value={entry.userId} />
                  <SelectField
                    id={`attendance-${entry.userId}`}
                    name="status"
                    label={view.t('meetings.attendance_of', { name: entry.name })}
                    options={statusOptions}
                    values={{ status: entry.status ?? 'present' }}
                    errors={{}}
                    required
                  />
                  <SubmitButton label={view.t('meetings.attendance_save')} />
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The statement and confirm button until the actor attested; then the agenda (and its controls); always the attendance list. */
export function MeetingCycleSections({ view, parts }: { view: View; parts: MeetingCycleParts }) {
  return (
    <>
      {parts.agenda === null ? (
        <AttestationForm view={view} parts={parts} />
      ) : (
        <>
          {parts.attestation.attestedAt && (
            <p class="attested">
              {view.t('meetings.attested_on', { when: formatMeetingTime(parts.attestation.attestedAt, view.locale, parts.timeZone) })}
            </p>
          )}
          <AgendaSection view={view} parts={parts} agenda={parts.agenda} />
        </>
      )}
      <AttendanceSection view={view} parts={parts} />
    </>
  );
}
