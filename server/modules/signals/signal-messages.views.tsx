import { Form, SubmitButton } from '../../ui/components.tsx';
import { FormErrors, TextArea, type FormState } from '../../ui/form-controls.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import type { View } from '../../ui/view.ts';
import { Flash } from '../../ui/layout.tsx';
import type { SignalThread, ThreadEntry } from './list-signal-messages.ts';
import { SignalPage } from './signal-page.views.tsx';

/* The reply channel as a thread, its forms, and the reporter's answer to "make yourself known". */

const DISCLOSURE_ANSWERS = new Set(['make_known', 'make_known_seat', 'stay_anonymous']);

/** A message's text: a disclosure answer is stored as a code and shown in the reader's language. */
function messageText(view: View, entry: ThreadEntry): string {
  if (entry.kind === 'disclosure_answer' && DISCLOSURE_ANSWERS.has(entry.body)) return view.t(`signals.disclosure.answer.${entry.body}`);
  return entry.body;
}

function authorLabel(view: View, entry: ThreadEntry): string {
  if (entry.author === 'reporter' && entry.authorName) return view.t('signals.messages.author.reporter_named', { name: entry.authorName });
  return view.t(`signals.messages.author.${entry.author}`);
}

/** The thread, oldest first: who (consult point, you, reporter), when, what kind, the text. */
export function Thread({ view, messages }: { view: View; messages: readonly ThreadEntry[] }) {
  if (messages.length === 0) return <p>{view.t('signals.messages.empty')}</p>;
  return (
    <ol class="records">
      {messages.map((entry) => {
        const headingId = `message-${entry.id}`;
        return (
          <li>
            <article aria-labelledby={headingId} class="item">
              <h3 id={headingId}>
                {authorLabel(view, entry)}
                {entry.kind !== 'message' && <span> · {view.t(`signals.messages.kind.${entry.kind}`)}</span>}
              </h3>
              <p class="hint">
                <time datetime={entry.createdAt}>{view.t('signals.messages.sent_at', { time: formatLocalTime(entry.createdAt, view.locale) })}</time>
              </p>
              <p class="text-block">{messageText(view, entry)}</p>
            </article>
          </li>
        );
      })}
    </ol>
  );
}

/** Write on the reply channel. */
export function MessageForm(props: {
  view: View;
  action: string;
  form: FormState;
  hint: string;
  label?: string;
  submit?: string;
  hidden?: Readonly<Record<string, string>>;
}) {
  const { view, form } = props;
  return (
    <section aria-labelledby="write-message">
      <h2 id="write-message">{props.label ?? view.t('signals.messages.write')}</h2>
      <FormErrors view={view} scope="message" errors={form.errors} labels={{ body: view.t('signals.messages.body') }} />
      <Form view={view} action={props.action}>
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <TextArea
          scope="message"
          name="body"
          label={view.t('signals.messages.body')}
          hint={props.hint}
          form={form}
          required
          rows={5}
          maxLength={5000}
        />
        <SubmitButton label={props.submit ?? view.t('signals.messages.send')} />
      </Form>
    </section>
  );
}

/** The coordinator asks the anonymous reporter to make themself known, with a reason the reporter reads. */
export function DisclosureRequestForm({ view, signalId, form }: { view: View; signalId: string; form: FormState }) {
  return (
    <section aria-labelledby="disclosure-request">
      <h2 id="disclosure-request">{view.t('signals.disclosure.request_title')}</h2>
      <p class="hint">{view.t('signals.disclosure.request_intro')}</p>
      <FormErrors view={view} scope="disclosure" errors={form.errors} labels={{ reason: view.t('signals.disclosure.reason') }} />
      <Form view={view} action={`/signals/${signalId}/disclosure-request`}>
        <TextArea
          scope="disclosure"
          name="reason"
          label={view.t('signals.disclosure.reason')}
          hint={view.t('signals.disclosure.reason_hint')}
          form={form}
          required
          rows={3}
          maxLength={2000}
        />
        <SubmitButton label={view.t('signals.disclosure.request')} />
      </Form>
    </section>
  );
}

/** The reporter's answer: two buttons, and whether their organisation may be seated on a case. */
export function DisclosureAnswerForm({ view, signalId, form }: { view: View; signalId: string; form: FormState }) {
  return (
    <section aria-labelledby="disclosure-question">
      <h2 id="disclosure-question">{view.t('signals.disclosure.question_title')}</h2>
      <p>{view.t('signals.disclosure.question_intro')}</p>
      <FormErrors view={view} scope="answer" errors={form.errors} labels={{ decision: view.t('signals.disclosure.question_title') }} />
      <Form view={view} action={`/signals/${signalId}/disclosure`}>
        <div class="field">
          <div class="checkbox">
            <input type="checkbox" id="field-answer-agreeToSeat" name="agreeToSeat" value="yes" aria-describedby="field-answer-agreeToSeat-hint" />
            <label for="field-answer-agreeToSeat">{view.t('signals.disclosure.agree_to_seat')}</label>
          </div>
          <p class="hint choice-hint" id="field-answer-agreeToSeat-hint">
            {view.t('signals.disclosure.agree_to_seat_hint')}
          </p>
        </div>
        <div class="form-actions">
          <button type="submit" name="decision" value="make_known" class="primary">
            {view.t('signals.disclosure.make_known')}
          </button>
          <button type="submit" name="decision" value="stay_anonymous">
            {view.t('signals.disclosure.stay_anonymous')}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** The messages tab of a signal: the thread, the disclosure question or request, and the form to write. */
export function MessagesTab(props: {
  view: View;
  thread: SignalThread;
  forms: { readonly message: FormState; readonly disclosure: FormState; readonly answer: FormState };
}) {
  const { view, thread, forms } = props;
  const read = thread.read;
  const coordinator = thread.viewer === 'coordinator';
  const anonymous = read.row.reporter_anonymous === 1;
  return (
    <SignalPage view={view} signal={read} tab="messages" ownFlash>
      <section aria-labelledby="thread">
        <h2 id="thread">{view.t('signals.messages.title')}</h2>
        <Flash view={view} />
        <p class="hint">{view.t(coordinator ? 'signals.messages.intro_coordinator' : 'signals.messages.intro_reporter')}</p>
        {coordinator && anonymous && (
          <p>
            <strong>{view.t('signals.disclosure.status_label')}</strong> {view.t(`signals.disclosure.status.${read.row.disclosure_status}`)}
          </p>
        )}
        <Thread view={view} messages={thread.messages} />
      </section>
      {thread.abilities.answerDisclosure && <DisclosureAnswerForm view={view} signalId={read.row.id} form={forms.answer} />}
      {thread.abilities.message && (
        <MessageForm
          view={view}
          action={`/signals/${read.row.id}/messages`}
          form={forms.message}
          hint={view.t(coordinator ? 'signals.messages.body_hint_coordinator' : 'signals.messages.body_hint_reporter')}
        />
      )}
      {thread.abilities.requestDisclosure && <DisclosureRequestForm view={view} signalId={read.row.id} form={forms.disclosure} />}
    </SignalPage>
  );
}
