import { ConfirmLink, ConfirmPage } from '../../ui/confirm.tsx';
import { ErrorSummary, Form, SubmitButton } from '../../ui/components.tsx';
import { TextArea } from '../../ui/form-controls.tsx';
import { Layout } from '../../ui/layout.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { ClientRegisterSummary } from './client-register.queries.ts';
import { CLIENT_REGISTER_MAX_ROWS } from './client-register.schemas.ts';

/* The professional's client register screens, as pure views of what the page handlers loaded. */

export interface UploadForm {
  readonly values: FormValues;
  readonly errors: FieldErrors;
  /** One line per bad row ("Line 4 — birth date: …"), shown under the field. */
  readonly rowProblems: readonly string[];
}

/** At most this many row problems are listed; the rest are counted. */
export const ROW_PROBLEMS_SHOWN = 20;

export function ClientRegisterPage({ view, summary, form }: { view: View; summary: ClientRegisterSummary; form: UploadForm }) {
  const title = view.t('client_register.title');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('client_register.intro')}</p>
      <p>{view.t('client_register.blind_only')}</p>
      <section aria-labelledby="register-state">
        <h2 id="register-state">{view.t('client_register.state_heading')}</h2>
        {summary.uploadedAt === null ? (
          <p>{view.t('client_register.never_uploaded')}</p>
        ) : (
          <dl class="facts summary-list">
            <div>
              <dt>{view.t('client_register.uploaded_at')}</dt>
              <dd>{formatLocalTime(summary.uploadedAt, view.locale)}</dd>
            </div>
            <div>
              <dt>{view.t('client_register.count')}</dt>
              <dd>{String(summary.count)}</dd>
            </div>
          </dl>
        )}
        {summary.count > 0 && (
          <p>
            <ConfirmLink href="/client-register/clear" label={view.t('client_register.clear')} />
          </p>
        )}
      </section>
      <section aria-labelledby="register-upload">
        <h2 id="register-upload">{view.t('client_register.upload_heading')}</h2>
        <ErrorSummary view={view} errors={form.errors} labels={{ csv: view.t('client_register.field.csv') }} />
        <Form view={view} action="/client-register">
          <TextArea
            name="csv"
            label={view.t('client_register.field.csv')}
            hint={view.t('client_register.csv_hint', { maximum: CLIENT_REGISTER_MAX_ROWS })}
            form={form}
            required
            rows={12}
          />
          {form.rowProblems.length > 0 && (
            <ul class="row-problems" aria-label={view.t('client_register.row_problems')}>
              {form.rowProblems.slice(0, ROW_PROBLEMS_SHOWN).map((line) => (
                <li>{line}</li>
              ))}
              {form.rowProblems.length > ROW_PROBLEMS_SHOWN && (
                <li>{view.t('client_register.more_problems', { count: form.rowProblems.length - ROW_PROBLEMS_SHOWN })}</li>
              )}
            </ul>
          )}
          <p>{view.t('client_register.replaces')}</p>
          <SubmitButton label={view.t('client_register.submit')} />
        </Form>
      </section>
    </Layout>
  );
}

export function ClearClientRegisterPage({ view, summary }: { view: View; summary: ClientRegisterSummary }) {
  return (
    <ConfirmPage
      view={view}
      title={view.t('client_register.clear_title')}
      summary={[[view.t('client_register.count'), String(summary.count)]]}
      consequences={[view.t('client_register.clear_consequence')]}
      irreversible={view.t('client_register.clear_irreversible')}
      action="/client-register/clear"
      confirmLabel={view.t('client_register.clear_confirm')}
      cancelHref="/client-register"
    />
  );
}
