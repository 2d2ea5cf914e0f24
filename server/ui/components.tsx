import type { Child } from 'hono/jsx';
import type { FieldErrors, FormValues, View } from './view.ts';

export const fieldId = (name: string): string => `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The ids of a control's hint and error, for aria-describedby. */
function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A control's accessible state: invalid when it has an error, described by its hint and error. */
export function controlAria(id: string, hint: string | undefined, error: string | undefined) {
  return { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy(id, Boolean(hint), Boolean(error)) };
}

/** A control's hint and error message, each with the id its aria-describedby names. */
export function FieldMessage({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

export function RequiredMark({ required }: { required?: boolean | undefined }) {
  return required ? (
    <span class="required-mark" aria-hidden="true">
      {' '}
      *
    </span>
  ) : null;
}

/** The frame of a single control: label (with the required mark), hint and error, then the control. */
export function LabelledField(props: {
  id: string;
  label: string;
  required?: boolean | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  children: Child;
}) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        <RequiredMark required={props.required} />
      </label>
      <FieldMessage id={props.id} hint={props.hint} error={props.error} />
      {props.children}
    </div>
  );
}

/** A labelled one-line input with its hint and error; its id is `field-<name>` unless the caller names one (scoped controls). */
export function TextField(props: {
  id?: string;
  name: string;
  label: string;
  values: FormValues;
  errors: FieldErrors;
  type?: 'text' | 'email' | 'password' | 'date' | 'number';
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  keepValue?: boolean;
}) {
  const id = props.id ?? fieldId(props.name);
  const error = props.errors[props.name];
  const raw = props.values[props.name];
  const value = props.keepValue === false ? undefined : Array.isArray(raw) ? raw[0] : raw;
  return (
    <LabelledField id={id} label={props.label} required={props.required} hint={props.hint} error={error}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        required={props.required}
        autocomplete={props.autocomplete}
        {...controlAria(id, props.hint, error)}
      />
    </LabelledField>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** A labelled drop-down with the current option selected (and an empty first option when there is a placeholder). */
export function SelectField(props: {
  id?: string;
  name: string;
  label: string;
  options: readonly Option[];
  values: FormValues;
  errors: FieldErrors;
  required?: boolean;
  hint?: string;
  placeholder?: string;
}) {
  const id = props.id ?? fieldId(props.name);
  const error = props.errors[props.name];
  const current = props.values[props.name];
  return (
    <LabelledField id={id} label={props.label} required={props.required} hint={props.hint} error={error}>
      <select id={id} name={props.name} required={props.required} {...controlAria(id, props.hint, error)}>
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === current}>
            {option.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

export function CheckboxGroup(props: {
  name: string;
  legend: string;
  options: readonly Option[];
  values: FormValues;
  errors: FieldErrors;
  hint?: string;
}) {
  const id = fieldId(props.name);
  const error = props.errors[props.name];
  const raw = props.values[props.name];
  const checked = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
  return (
    <fieldset id={id} class={error ? 'field has-error' : 'field'} {...controlAria(id, props.hint, error)}>
      <legend>{props.legend}</legend>
      <FieldMessage id={id} hint={props.hint} error={error} />
      {props.options.map((option) => (
        <div class="checkbox">
          <input type="checkbox" id={`${id}-${option.value}`} name={props.name} value={option.value} checked={checked.has(option.value)} />
          <label for={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A form's field labels by field name, for the error summary to name the field of each problem. */
export type FieldLabels = Readonly<Record<string, string>>;

/**
 * One line of an error summary: "Voornaam: Dit veld is verplicht." — the field's label first when
 * the problem belongs to a field the form labels; a problem of the whole form (`form`) has none.
 */
export function errorLine(view: View, labels: FieldLabels, path: string, message: string): string {
  const label = path === 'form' ? undefined : labels[path];
  return label ? view.t('form.error_line', { field: label, message }) : message;
}

/** Lists every error at the top of a form with links to the fields, each naming its field (WCAG 3.3.1). */
export function ErrorSummary({ view, errors, labels }: { view: View; errors: FieldErrors; labels: FieldLabels }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{view.t('form.error_summary_title')}</h2>
      <ul>
        {entries.map(([path, message]) => (
          <li>{path === 'form' ? message : <a href={`#${fieldId(path)}`}>{errorLine(view, labels, path, message)}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A posted form. When its action carries a fragment (`/cases/1/items#add-item`), the page that comes
 * back with an error lands at that fragment: a browser without JavaScript scrolls there itself, and
 * htmx is told not to scroll a boosted answer to the top (it scrolls to the fragment instead).
 */
export function Form({ view, action, children }: { view: View; action: string; children?: Child }) {
  return (
    <form method="post" action={action} novalidate hx-swap={action.includes('#') ? 'innerHTML show:none' : undefined}>
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      {children}
    </form>
  );
}

/**
 * A form that is one button (end a session, revoke a token, resend an invitation): it posts with the
 * CSRF token, the given hidden fields in order, and whatever stands above the button.
 */
export function ButtonForm(props: { view: View; action: string; label: Child; hidden?: Readonly<Record<string, string>>; children?: Child }) {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="_csrf" value={props.view.csrfToken} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.children}
      <button type="submit">{props.label}</button>
    </form>
  );
}

export function SubmitButton({ label }: { label: string }) {
  return (
    <div class="form-actions">
      <button type="submit" class="primary">
        {label}
      </button>
    </div>
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
