import type { Child } from 'hono/jsx';
import { formatLocalDay, formatLocalTime } from '../../ui/local-time.ts';
import type { Locale } from '../../platform/config.ts';
import { errorLine, type FieldLabels } from '../../ui/components.tsx';
import { controlId } from '../../ui/form-controls.tsx';
import type { FieldErrors, View } from '../../ui/view.ts';

/* Pieces of the case screens beyond the shared form controls (server/ui/form-controls.tsx). */

export type { FieldLabels } from '../../ui/components.tsx';
export { ChoiceGroup, EMPTY_FORM, SelectInput, TextArea, TextInput, controlId, type Choice, type FormState } from '../../ui/form-controls.tsx';

/**
 * The errors of one form at its top (WCAG 3.3.1), with links to the fields, each naming its field
 * ("Voornaam: Dit veld is verplicht."); a problem of the whole form (key `form`) is listed without a
 * link or a name. Ids are scoped so several forms can share a page.
 */
export function FormErrors({ view, scope, errors, labels }: { view: View; scope: string; errors: FieldErrors; labels: FieldLabels }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  const titleId = `${scope}-error-summary-title`;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby={titleId}>
      <h2 id={titleId}>{view.t('form.error_summary_title')}</h2>
      <ul>
        {entries.map(([path, message]) => (
          <li>{path === 'form' ? message : <a href={`#${controlId(scope, path)}`}>{errorLine(view, labels, path, message)}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

export function HiddenField({ name, value }: { name: string; value: string }) {
  return <input type="hidden" name={name} value={value} />;
}

/** A one-button form (withdraw, remove): the button's accessible name says exactly what it does. */
export function ActionButton(props: { view: View; action: string; label: string; accessibleName?: string; children?: Child }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name="_csrf" value={props.view.csrfToken} />
      {props.children}
      <button type="submit" aria-label={props.accessibleName}>
        {props.label}
      </button>
    </form>
  );
}

/** Facts as a description list: term and value pairs, empty values left out. */
export function Facts({ entries }: { entries: readonly (readonly [string, Child | null | undefined])[] }) {
  return (
    <dl class="facts">
      {entries
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([term, value]) => (
          <div>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** An ISO instant as date and time (Brussels time, the reader's language). */
export const displayTime = (iso: string, locale: Locale): string => formatLocalTime(iso, locale);

/** A calendar day (`YYYY-MM-DD`) as the reader writes dates; no zone shift. */
export const displayDay = formatLocalDay;
