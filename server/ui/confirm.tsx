import type { Child } from 'hono/jsx';
import { ErrorSummary } from './components.tsx';
import { Layout } from './layout.tsx';
import type { FieldErrors, View } from './view.ts';

/*
 * The confirmation page for an action that cannot be undone (docs/design-system, "Confirmation
 * pages"): one question as the heading, what it concerns as a summary list, what will happen and
 * what cannot be undone, the details the action asks for, then one destructive button that posts
 * (with the CSRF token) and a Cancel link back to the place the user came from. No JavaScript.
 */

export interface ConfirmPageProps {
  readonly view: View;
  /** The question, e.g. "Withdraw this consent?". */
  readonly title: string;
  /** What the action concerns, as term and value pairs (empty values left out). */
  readonly summary: readonly (readonly [string, Child | null | undefined])[];
  /** What will happen when the user confirms. */
  readonly consequences: readonly string[];
  /** What cannot be undone afterwards. */
  readonly irreversible: string;
  /** Where the form posts. */
  readonly action: string;
  readonly hidden?: Readonly<Record<string, string>>;
  /** The destructive button's text, e.g. "Yes, withdraw". */
  readonly confirmLabel: string;
  /** The place the user came from (with its anchor): Cancel goes back there. */
  readonly cancelHref: string;
  /** Problems with the details asked, listed above the form with links to the fields. */
  readonly errors?: FieldErrors;
  /** A problem of the whole step (someone else was first): shown instead of the form. */
  readonly refusal?: string;
  /** The details the action asks for (a date, a reason), as labelled controls. */
  readonly children?: Child;
}

export function ConfirmPage(props: ConfirmPageProps) {
  const { view } = props;
  const summary = props.summary.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return (
    <Layout view={view} title={props.title}>
      <h1>{props.title}</h1>
      {props.refusal && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{props.refusal}</p>
        </div>
      )}
      <ErrorSummary view={view} errors={props.errors ?? {}} />
      {summary.length > 0 && (
        <dl class="facts summary-list">
          {summary.map(([term, value]) => (
            <div>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      <section aria-labelledby="confirm-consequences" class="confirm-consequences">
        <h2 id="confirm-consequences">{view.t('confirm.what_happens')}</h2>
        <ul>
          {props.consequences.map((consequence) => (
            <li>{consequence}</li>
          ))}
        </ul>
        <p class="warning-text">
          <strong>{props.irreversible}</strong>
        </p>
      </section>
      {props.refusal ? (
        <p>
          <a href={props.cancelHref}>{view.t('confirm.back')}</a>
        </p>
      ) : (
        <form method="post" action={props.action} novalidate>
          <input type="hidden" name="_csrf" value={view.csrfToken} />
          {Object.entries(props.hidden ?? {}).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          {props.children}
          <div class="form-actions confirm-actions">
            <button type="submit" class="danger">
              {props.confirmLabel}
            </button>
            <a href={props.cancelHref} class="cancel-link">
              {view.t('confirm.cancel')}
            </a>
          </div>
        </form>
      )}
    </Layout>
  );
}

/** The link that replaces a one-click destructive button: it opens the confirmation page. */
export function ConfirmLink(props: { href: string; label: string; accessibleName?: string | undefined }) {
  return (
    <a href={props.href} class="danger-link" aria-label={props.accessibleName}>
      {props.label}
    </a>
  );
}
