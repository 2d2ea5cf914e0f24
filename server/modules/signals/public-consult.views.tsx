import { ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { TextArea } from '../../ui/form-controls.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { THEMES } from '../cases/index.ts';
import { PUBLIC_QUESTION_MAX_LENGTH } from './public-consult-rules.ts';
import type { PublicReply } from './read-public-reply.ts';
import { MessageForm, Thread } from './signal-messages.views.tsx';

/* The public consult form's pages, for a visitor without an account: ask, get a code, read the answer. */

export interface PublicForm {
  readonly values: FormValues;
  readonly errors: FieldErrors;
}

/** Passphrases are never drawn back into a page. */
const withoutSecrets = (values: FormValues): FormValues => ({ ...values, passphrase: undefined, passphraseRepeat: undefined });

export function PublicAskPage({ view, slug, network, form }: { view: View; slug: string; network: string; form: PublicForm }) {
  const title = view.t('consult.ask.title');
  const values = withoutSecrets(form.values);
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('consult.ask.intro', { network })}</p>
      <p id="no-names">
        <strong>{view.t('consult.ask.no_names')}</strong>
      </p>
      <ErrorSummary
        view={view}
        errors={form.errors}
        labels={{
          theme: view.t('consult.ask.theme'),
          question: view.t('consult.ask.question'),
          passphrase: view.t('consult.ask.passphrase'),
          passphraseRepeat: view.t('consult.ask.passphrase_repeat'),
        }}
      />
      <Form view={view} action={`/consult/${slug}`}>
        <SelectField
          name="theme"
          label={view.t('consult.ask.theme')}
          options={THEMES.map((theme) => ({ value: theme, label: view.t(`cases.theme.${theme}`) }))}
          values={values}
          errors={form.errors}
          required
          placeholder={view.t('form.choose')}
        />
        <TextArea
          name="question"
          label={view.t('consult.ask.question')}
          hint={view.t('consult.ask.question_hint')}
          form={{ values, errors: form.errors }}
          required
          rows={8}
          maxLength={PUBLIC_QUESTION_MAX_LENGTH}
        />
        <TextField
          name="passphrase"
          type="password"
          label={view.t('consult.ask.passphrase')}
          hint={view.t('consult.ask.passphrase_hint')}
          values={{}}
          errors={form.errors}
          required
          autocomplete="new-password"
        />
        <TextField
          name="passphraseRepeat"
          type="password"
          label={view.t('consult.ask.passphrase_repeat')}
          values={{}}
          errors={form.errors}
          required
          autocomplete="new-password"
        />
        <SubmitButton label={view.t('consult.ask.submit')} />
      </Form>
      <p>
        <a href={`/consult/${slug}/reply`}>{view.t('consult.asked.read_link')}</a>
      </p>
    </Layout>
  );
}

/** The reply code, shown once. */
export function PublicAskedPage({ view, slug, reference, code }: { view: View; slug: string; reference: string; code: string }) {
  const title = view.t('consult.asked.title');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('consult.thread.title', { reference })}</p>
      <p>{view.t('consult.asked.code_intro')}</p>
      <p>
        <span>{view.t('consult.asked.code_label')}: </span>
        <strong>
          <code>{code}</code>
        </strong>
      </p>
      <p>{view.t('consult.asked.next')}</p>
      <p>
        <a href={`/consult/${slug}/reply`}>{view.t('consult.asked.read_link')}</a>
      </p>
    </Layout>
  );
}

export function PublicReplyPage({ view, slug, form }: { view: View; slug: string; form: PublicForm }) {
  const title = view.t('consult.reply.title');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('consult.reply.intro')}</p>
      <ErrorSummary
        view={view}
        errors={form.errors}
        labels={{ code: view.t('consult.reply.code'), passphrase: view.t('consult.reply.passphrase') }}
      />
      <Form view={view} action={`/consult/${slug}/reply`}>
        <TextField
          name="code"
          label={view.t('consult.reply.code')}
          hint={view.t('consult.reply.code_hint')}
          values={withoutSecrets(form.values)}
          errors={form.errors}
          required
          autocomplete="off"
        />
        <TextField
          name="passphrase"
          type="password"
          label={view.t('consult.reply.passphrase')}
          values={{}}
          errors={form.errors}
          required
          autocomplete="current-password"
        />
        <SubmitButton label={view.t('consult.reply.submit')} />
      </Form>
      <p>
        <a href={`/consult/${slug}`}>{view.t('consult.reply.ask_link')}</a>
      </p>
    </Layout>
  );
}

/** The thread of a public question: the question, the answers, and a form to answer back. */
export function PublicThreadPage({ view, slug, reply, form }: { view: View; slug: string; reply: PublicReply; form: PublicForm }) {
  const title = view.t('consult.thread.title', { reference: reply.reference });
  const answered = reply.messages.some((entry) => entry.side === 'coordinator');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('consult.thread.status', { status: view.t(`consult.status.${reply.status}`) })}</p>
      <section aria-labelledby="question">
        <h2 id="question">{view.t('consult.thread.question')}</h2>
        <p class="text-block">{reply.question}</p>
      </section>
      <section aria-labelledby="thread">
        <h2 id="thread">{view.t('signals.messages.thread')}</h2>
        {!answered && <p>{view.t('consult.thread.no_answer')}</p>}
        {reply.messages.length > 0 && <Thread view={view} messages={reply.messages} />}
      </section>
      <MessageForm
        view={view}
        action={`/consult/${slug}/reply/answer`}
        form={form}
        hint={view.t('consult.thread.answer_back_hint')}
        label={view.t('consult.thread.answer_back')}
        submit={view.t('consult.thread.send')}
        hidden={{ access: reply.access }}
      />
    </Layout>
  );
}
