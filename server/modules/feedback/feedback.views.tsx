import { ButtonForm, Facts, Form, SubmitButton } from '../../ui/components.tsx';
import { controlId, FormErrors, SelectInput, TextArea, type FormState } from '../../ui/form-controls.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import type { DraftChoices } from './feedback-draft-choices.ts';
import type { FeedbackFormLine } from './list-meeting-feedback-forms.ts';
import type { FeedbackView } from './feedback.schemas.ts';

/** The feedback forms of one meeting: a line per readable form, and the coordinator's "new form" link. */
export function MeetingFeedbackFormsPage({
  view,
  meetingId,
  forms,
  mayDraft,
}: {
  view: View;
  meetingId: string;
  forms: readonly FeedbackFormLine[];
  mayDraft: boolean;
}) {
  const title = view.t('feedback.list_title');
  return (
    <Layout view={view} title={title}>
      <p>
        <a href={`/meetings/${meetingId}`}>{view.t('feedback.back_to_meeting')}</a>
      </p>
      <h1>{title}</h1>
      {forms.length === 0 ? (
        <p>{view.t('feedback.none')}</p>
      ) : (
        <ul>
          {forms.map((form) => (
            <li>
              <a href={`/feedback-forms/${form.id}`}>{view.t('feedback.line', { reference: form.caseReference, recipient: form.recipient })}</a> —{' '}
              {view.t(`feedback.status.${form.status}`)}
            </li>
          ))}
        </ul>
      )}
      {mayDraft ? (
        <p>
          <a href={`/meetings/${meetingId}/feedback-forms/new`}>{view.t('feedback.new')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The draft form: the case (from the agenda), the recipient (police first), the body, the quotable items. */
export function FeedbackDraftPage({ view, choices, form }: { view: View; choices: DraftChoices; form: FormState }) {
  const title = view.t('feedback.new');
  const labels = {
    caseId: view.t('feedback.field.case'),
    recipientOrganisationId: view.t('feedback.field.recipient'),
    body: view.t('feedback.field.body'),
    quotedItemIds: view.t('feedback.field.quotes'),
  };
  const quotedRaw = form.values.quotedItemIds;
  const quoted = new Set(Array.isArray(quotedRaw) ? quotedRaw : quotedRaw ? [quotedRaw] : []);
  const quoteError = form.errors.quotedItemIds;
  const quotesId = controlId('feedback', 'quotedItemIds');
  return (
    <Layout view={view} title={title}>
      <p>
        <a href={`/meetings/${choices.meetingId}/feedback-forms`}>{view.t('feedback.list_title')}</a>
      </p>
      <h1>{title}</h1>
      <form method="get" action={`/meetings/${choices.meetingId}/feedback-forms/new`}>
        <SelectInput
          scope="choose"
          name="caseId"
          label={labels.caseId}
          options={choices.cases.map((entry) => ({ value: entry.id, label: entry.reference }))}
          form={{ values: { caseId: choices.caseId ?? '' }, errors: {} }}
          required
        />
        <div class="form-actions">
          <button type="submit">{view.t('feedback.choose_case')}</button>
        </div>
      </form>
      {choices.caseId === null ? (
        <p>{choices.cases.length === 0 ? view.t('feedback.no_agenda') : view.t('feedback.choose_case_first')}</p>
      ) : (
        <section aria-labelledby="feedback-form-heading" id="feedback-form">
          <h2 id="feedback-form-heading">{choices.cases.find((entry) => entry.id === choices.caseId)?.reference}</h2>
          <FormErrors view={view} scope="feedback" errors={form.errors} labels={labels} />
          <Form view={view} action={`/meetings/${choices.meetingId}/feedback-forms#feedback-form`}>
            <input type="hidden" name="caseId" value={choices.caseId} />
            <SelectInput
              scope="feedback"
              name="recipientOrganisationId"
              label={labels.recipientOrganisationId}
              options={choices.recipients.map((entry) => ({
                value: entry.id,
                label: entry.police ? view.t('feedback.recipient_police', { name: entry.name }) : entry.name,
              }))}
              form={form}
              required
            />
            <TextArea scope="feedback" name="body" label={labels.body} form={form} maxLength={8000} rows={8} required />
            <fieldset
              id={quotesId}
              class={quoteError ? 'field has-error' : 'field'}
              aria-describedby={quoteError ? `${quotesId}-error` : `${quotesId}-hint`}
            >
              <legend>{labels.quotedItemIds}</legend>
              <p class="hint" id={`${quotesId}-hint`}>
                {view.t('feedback.quotes_hint')}
              </p>
              {quoteError ? (
                <p class="error-message" id={`${quotesId}-error`}>
                  {quoteError}
                </p>
              ) : null}
              {choices.items.length === 0 ? <p>{view.t('feedback.no_items')}</p> : null}
              {choices.items.map((item) => {
                const optionId = `${quotesId}-${item.itemId}`;
                return (
                  <div class="choice">
                    <div class="checkbox">
                      <input
                        type="checkbox"
                        id={optionId}
                        name="quotedItemIds"
                        value={item.itemId}
                        checked={item.refusal === null && quoted.has(item.itemId)}
                        disabled={item.refusal !== null}
                        aria-describedby={item.refusal ? `${optionId}-hint` : undefined}
                      />
                      <label for={optionId}>{item.body ?? view.t('feedback.item_secret', { date: item.createdAt.slice(0, 10) })}</label>
                    </div>
                    {item.refusal ? (
                      <p class="hint choice-hint" id={`${optionId}-hint`}>
                        {view.t(`feedback.refusal.${item.refusal}`)}
                      </p>
                    ) : null}
                  </div>
                );
              })}
            </fieldset>
            <SubmitButton label={view.t('feedback.save_draft')} />
          </Form>
        </section>
      )}
    </Layout>
  );
}

/** One form: its content, the approvals (counts), the reader's own decision, the coordinator's send. */
export function FeedbackFormPage({
  view,
  form,
  problem = null,
  decision = null,
}: {
  view: View;
  form: FeedbackView;
  problem?: string | null;
  decision?: FormState | null;
}) {
  const title = view.t('feedback.title', { reference: form.caseReference });
  return (
    <Layout view={view} title={title}>
      <p>
        <a href={`/meetings/${form.meetingId}/feedback-forms`}>{view.t('feedback.list_title')}</a>
      </p>
      <h1>{title}</h1>
      {problem ? (
        <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="feedback-problem-title">
          <h2 id="feedback-problem-title">{view.t('feedback.cannot_send')}</h2>
          <p>{problem}</p>
        </div>
      ) : null}
      <Facts
        entries={[
          [view.t('feedback.field.status'), view.t(`feedback.status.${form.status}`)],
          [view.t('feedback.field.recipient'), form.recipient.name],
          [view.t('feedback.field.version'), String(form.version)],
          [view.t('feedback.field.sent_at'), form.sentAt ? form.sentAt.slice(0, 10) : null],
        ]}
      />
      <section aria-labelledby="feedback-body-heading">
        <h2 id="feedback-body-heading">{view.t('feedback.field.body')}</h2>
        <p class="prewrap">{form.body}</p>
        {form.quotes.length > 0 ? (
          <>
            <h3>{view.t('feedback.quotes_heading')}</h3>
            <ul>
              {form.quotes.map((quote) => (
                <li>
                  <blockquote>{quote.body}</blockquote>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {form.status === 'sent' ? (
          <p>
            <a href={`/api/v1/feedback-forms/${form.id}/pdf`}>{view.t('feedback.download_pdf')}</a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="feedback-approvals-heading" id="approvals">
        <h2 id="feedback-approvals-heading">{view.t('feedback.approvals_heading')}</h2>
        <p>
          {view.t('feedback.approvals_counts', {
            approved: form.approvals.approved,
            present: form.approvals.present,
            refused: form.approvals.refused,
            missing: form.approvals.missing,
          })}
        </p>
        {form.approvals.mine ? <p>{view.t(`feedback.mine.${form.approvals.mine}`)}</p> : null}
        {form.abilities.decide ? (
          <>
            <FormErrors view={view} scope="decision" errors={decision?.errors ?? {}} labels={{ reason: view.t('feedback.field.reason') }} />
            <Form view={view} action={`/feedback-forms/${form.id}/approval#approvals`}>
              <TextArea
                scope="decision"
                name="reason"
                label={view.t('feedback.field.reason')}
                form={decision ?? { values: {}, errors: {} }}
                maxLength={1000}
                rows={2}
              />
              <div class="button-row">
                <button type="submit" name="decision" value="approve" class="primary">
                  {view.t('feedback.approve')}
                </button>
                <button type="submit" name="decision" value="refuse">
                  {view.t('feedback.refuse')}
                </button>
              </div>
            </Form>
          </>
        ) : null}
      </section>
      {form.abilities.manage ? (
        <p>
          <a href={`/feedback-forms/${form.id}/send`} class="button">
            {view.t('feedback.send')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The confirmation before sending: sending cannot be undone. */
export function FeedbackSendConfirmPage({ view, form }: { view: View; form: FeedbackView }) {
  const title = view.t('feedback.send_confirm_title', { reference: form.caseReference });
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('feedback.send_confirm_text', { recipient: form.recipient.name, present: form.approvals.present })}</p>
      <div class="button-row">
        <ButtonForm view={view} action={`/feedback-forms/${form.id}/send`} label={view.t('feedback.send_confirm')} />
        <a href={`/feedback-forms/${form.id}`}>{view.t('feedback.send_cancel')}</a>
      </div>
    </Layout>
  );
}
