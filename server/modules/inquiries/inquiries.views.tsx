import { ErrorSummary, Form, SubmitButton } from '../../ui/components.tsx';
import { ChoiceGroup, SelectInput, TextArea, TextInput, type FormState } from '../../ui/form-controls.tsx';
import { Layout } from '../../ui/layout.tsx';
import { formatLocalDay, formatLocalTime } from '../../ui/local-time.ts';
import type { View } from '../../ui/view.ts';
import { LEGAL_BASES } from '../cases/index.ts';
import type { InquirySummary } from './list-inquiries.ts';
import type { InquiryDetail } from './view-inquiry.ts';
import { INQUIRY_ANSWERS, INQUIRY_MODES } from './inquiries.vocabulary.ts';

/* Network inquiry screens, as pure views of what the page handlers loaded. */

const yesNo = (view: View, value: boolean | null) => (value === null ? '—' : view.t(value ? 'inquiries.yes' : 'inquiries.no'));
const answerLabel = (view: View, known: string | null) => (known === null ? view.t('inquiries.answer.none') : view.t(`inquiries.answer.${known}`));

/** The list: a professional's questions to their organisation (open first), or the coordinator's every inquiry. */
export function InquiryListPage({ view, rows, coordinator }: { view: View; rows: readonly InquirySummary[]; coordinator: boolean }) {
  const title = view.t('inquiries.title');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t(coordinator ? 'inquiries.list_intro_coordinator' : 'inquiries.list_intro_professional')}</p>
      {rows.length === 0 ? (
        <p>{view.t('inquiries.none')}</p>
      ) : (
        <div>
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{view.t('inquiries.field.reference')}</th>
                <th scope="col">{view.t('inquiries.field.status')}</th>
                <th scope="col">{view.t('inquiries.field.deadline')}</th>
                <th scope="col">{view.t(coordinator ? 'inquiries.field.answered_count' : 'inquiries.field.your_answer')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>
                    <a href={coordinator && row.signalId ? `/signals/${row.signalId}/inquiries` : `/inquiries/${row.id}`}>{row.reference}</a>
                  </td>
                  <td>{view.t(`inquiries.status.${row.status}`)}</td>
                  <td>{formatLocalDay(row.deadline, view.locale)}</td>
                  <td>
                    {coordinator
                      ? view.t('inquiries.answered_of', { answered: row.answered, questions: row.questions })
                      : view.t(row.answered > 0 ? 'inquiries.answered' : 'inquiries.not_answered')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** What an asked organisation is told: who, why, on what basis, until when. */
function QuestionFacts({ view, detail }: { view: View; detail: InquiryDetail }) {
  const subject = detail.subject;
  return (
    <dl class="facts summary-list">
      <div>
        <dt>{view.t('inquiries.field.person')}</dt>
        <dd>
          {subject
            ? `${[subject.givenName, subject.familyName].filter(Boolean).join(' ')}${subject.birthDate ? ` (${formatLocalDay(subject.birthDate, view.locale)})` : ''}`
            : view.t('inquiries.subject_erased')}
        </dd>
      </div>
      <div>
        <dt>{view.t('inquiries.field.purpose')}</dt>
        <dd class="prose">{detail.purpose}</dd>
      </div>
      <div>
        <dt>{view.t('inquiries.field.legal_basis')}</dt>
        <dd>{view.t(`cases.legal_basis.${detail.legalBasis}`)}</dd>
      </div>
      <div>
        <dt>{view.t('inquiries.field.deadline')}</dt>
        <dd>{formatLocalDay(detail.deadline, view.locale)}</dd>
      </div>
      <div>
        <dt>{view.t('inquiries.field.expires')}</dt>
        <dd>{formatLocalDay(detail.answersExpireOn, view.locale)}</dd>
      </div>
    </dl>
  );
}

const answerLabels = (view: View) => ({
  known: view.t('inquiries.field.known'),
  guidanceRunning: view.t('inquiries.field.guidance_running'),
  contactUserId: view.t('inquiries.field.contact'),
  note: view.t('inquiries.field.note'),
});

/** The asked organisation's question, with the answer form while the inquiry is open. */
export function InquiryQuestionPage(props: {
  view: View;
  detail: InquiryDetail;
  form: FormState;
  contacts: readonly { id: string; name: string }[];
  mayAnswer: boolean;
}) {
  const { view, detail, form } = props;
  const title = view.t('inquiries.question_title', { reference: detail.reference });
  const own = detail.asked[0];
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('inquiries.question_intro')}</p>
      <QuestionFacts view={view} detail={detail} />
      {own && own.answer.known !== null && (
        <section aria-labelledby="own-answer">
          <h2 id="own-answer">{view.t('inquiries.your_answer_heading')}</h2>
          <p>
            {answerLabel(view, own.answer.known)}
            {own.answer.answeredAt ? ` — ${formatLocalTime(own.answer.answeredAt, view.locale)}` : ''}
          </p>
        </section>
      )}
      {props.mayAnswer ? (
        <section aria-labelledby="answer-form">
          <h2 id="answer-form">{view.t(own?.answer.known ? 'inquiries.change_answer' : 'inquiries.give_answer')}</h2>
          <ErrorSummary view={view} errors={form.errors} labels={answerLabels(view)} />
          <Form view={view} action={`/inquiries/${detail.id}`}>
            <ChoiceGroup
              name="known"
              legend={view.t('inquiries.field.known')}
              hint={view.t('inquiries.known_hint')}
              form={form}
              required
              options={INQUIRY_ANSWERS.map((value) => ({
                value,
                label: view.t(`inquiries.answer.${value}`),
                ...(value === 'declined' && { hint: view.t('inquiries.declined_right') }),
              }))}
            />
            <ChoiceGroup
              name="guidanceRunning"
              legend={view.t('inquiries.field.guidance_running')}
              hint={view.t('inquiries.only_with_yes')}
              form={form}
              options={[
                { value: 'true', label: view.t('inquiries.yes') },
                { value: 'false', label: view.t('inquiries.no') },
              ]}
            />
            <SelectInput
              name="contactUserId"
              label={view.t('inquiries.field.contact')}
              hint={view.t('inquiries.only_with_yes')}
              form={form}
              placeholder={view.t('inquiries.no_contact')}
              options={props.contacts.map((contact) => ({ value: contact.id, label: contact.name }))}
            />
            <TextArea name="note" label={view.t('inquiries.field.note')} hint={view.t('inquiries.note_hint')} form={form} maxLength={1000} />
            <SubmitButton label={view.t('inquiries.submit_answer')} />
          </Form>
        </section>
      ) : (
        <p>{view.t(`inquiries.closed_notice.${detail.status}`)}</p>
      )}
    </Layout>
  );
}

/** The coordinator's view of one inquiry's answers (every asked organisation). */
export function InquiryAnswers({ view, detail }: { view: View; detail: InquiryDetail }) {
  return (
    <section aria-labelledby={`inquiry-${detail.id}`} class="inquiry">
      <h3 id={`inquiry-${detail.id}`}>
        {detail.reference} — {view.t(`inquiries.mode.${detail.mode}`)} — {view.t(`inquiries.status.${detail.status}`)}
      </h3>
      <QuestionFacts view={view} detail={detail} />
      {detail.asked.length === 0 ? (
        <p>{view.t(detail.mode === 'blind' ? 'inquiries.no_match' : 'inquiries.no_questions')}</p>
      ) : (
        <div>
          <table>
            <caption>{view.t('inquiries.answers_caption', { reference: detail.reference })}</caption>
            <thead>
              <tr>
                <th scope="col">{view.t('inquiries.field.organisation')}</th>
                <th scope="col">{view.t('inquiries.field.known')}</th>
                <th scope="col">{view.t('inquiries.field.guidance_running')}</th>
                <th scope="col">{view.t('inquiries.field.contact')}</th>
                <th scope="col">{view.t('inquiries.field.note')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.asked.map((question) => (
                <tr>
                  <td>{question.organisationName}</td>
                  <td>{question.expiredAt ? view.t('inquiries.answer.erased') : answerLabel(view, question.answer.known)}</td>
                  <td>{yesNo(view, question.answer.guidanceRunning)}</td>
                  <td>{question.answer.contactName ?? '—'}</td>
                  <td class="prose">{question.answer.note ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The coordinator's page of one inquiry outside the signal's tab (a link from the list). */
export function InquiryCoordinatorPage({ view, detail }: { view: View; detail: InquiryDetail }) {
  const title = view.t('inquiries.question_title', { reference: detail.reference });
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <InquiryAnswers view={view} detail={detail} />
      {detail.signalId && (
        <p>
          <a href={`/signals/${detail.signalId}/inquiries`}>{view.t('inquiries.to_signal')}</a>
        </p>
      )}
    </Layout>
  );
}

const startLabels = (view: View) => ({
  mode: view.t('inquiries.field.mode'),
  organisationIds: view.t('inquiries.field.organisations'),
  purpose: view.t('inquiries.field.purpose'),
  legalBasis: view.t('inquiries.field.legal_basis'),
  deadline: view.t('inquiries.field.deadline'),
  signalId: view.t('inquiries.field.signal'),
});

/** The inquiries tab's content: every inquiry of the signal with its answers, and the form to start one. */
export function SignalInquiriesTab(props: {
  view: View;
  signalId: string;
  inquiries: readonly InquiryDetail[];
  organisations: readonly { id: string; name: string }[];
  form: FormState;
  mayStart: boolean;
}) {
  const { view, form } = props;
  return (
    <>
      <section aria-labelledby="inquiries-heading">
        <h2 id="inquiries-heading">{view.t('inquiries.tab_heading')}</h2>
        {props.inquiries.length === 0 ? (
          <p>{view.t('inquiries.none_for_signal')}</p>
        ) : (
          props.inquiries.map((detail) => <InquiryAnswers view={view} detail={detail} />)
        )}
      </section>
      {props.mayStart ? (
        <section aria-labelledby="start-inquiry">
          <h2 id="start-inquiry">{view.t('inquiries.start_heading')}</h2>
          <p>{view.t('inquiries.start_intro')}</p>
          <ErrorSummary view={view} errors={form.errors} labels={startLabels(view)} />
          <Form view={view} action={`/signals/${props.signalId}/inquiries#start-inquiry`}>
            <ChoiceGroup
              name="mode"
              legend={view.t('inquiries.field.mode')}
              form={form}
              required
              options={INQUIRY_MODES.map((value) => ({
                value,
                label: view.t(`inquiries.mode.${value}`),
                hint: view.t(`inquiries.mode_hint.${value}`),
              }))}
            />
            <ChoiceGroup
              name="organisationIds"
              legend={view.t('inquiries.field.organisations')}
              hint={view.t('inquiries.organisations_hint')}
              form={form}
              multiple
              options={props.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
            />
            <TextArea
              name="purpose"
              label={view.t('inquiries.field.purpose')}
              hint={view.t('inquiries.purpose_hint')}
              form={form}
              required
              maxLength={1000}
            />
            <SelectInput
              name="legalBasis"
              label={view.t('inquiries.field.legal_basis')}
              form={form}
              required
              placeholder={view.t('inquiries.choose')}
              options={LEGAL_BASES.map((value) => ({ value, label: view.t(`cases.legal_basis.${value}`) }))}
            />
            <TextInput name="deadline" type="date" label={view.t('inquiries.field.deadline')} hint={view.t('inquiries.deadline_hint')} form={form} />
            <SubmitButton label={view.t('inquiries.start_submit')} />
          </Form>
        </section>
      ) : (
        <p>{view.t('inquiries.start_needs_shared_concern')}</p>
      )}
    </>
  );
}
