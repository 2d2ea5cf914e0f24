import type { Child } from 'hono/jsx';
import type { Locale } from '../../platform/config.ts';
import { fieldId } from '../../ui/components.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';

/*
 * Form controls of the case screens. The case page holds several forms at once, so every control
 * takes a `scope` (the form's name) that keeps its id unique on the page: `field-<scope>-<name>`.
 * Each control has a label or a legend; hints and errors are tied to it with aria-describedby, and a
 * choice can carry its own plain-words explanation.
 */

export interface FormState {
  readonly values: FormValues;
  readonly errors: FieldErrors;
}
export const EMPTY_FORM: FormState = { values: {}, errors: {} };

export interface Choice {
  readonly value: string;
  readonly label: string;
  /** A short explanation of this choice, read out with it. */
  readonly hint?: string;
}

export const controlId = (scope: string | undefined, name: string): string => fieldId(scope ? `${scope}-${name}` : name);

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function HintAndError({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
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

function RequiredMark({ required }: { required?: boolean | undefined }) {
  return required ? (
    <span class="required-mark" aria-hidden="true">
      {' '}
      *
    </span>
  ) : null;
}

interface ControlProps {
  readonly scope?: string;
  readonly name: string;
  readonly label: string;
  readonly form: FormState;
  readonly required?: boolean;
  readonly hint?: string;
}

export function TextInput(props: ControlProps & { type?: 'text' | 'date'; autocomplete?: string }) {
  const id = controlId(props.scope, props.name);
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {props.label}
        <RequiredMark required={props.required} />
      </label>
      <HintAndError id={id} hint={props.hint} error={error} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={first(props.form.values[props.name])}
        required={props.required}
        autocomplete={props.autocomplete ?? 'off'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}
      />
    </div>
  );
}

export function SelectInput(props: ControlProps & { options: readonly Choice[]; placeholder?: string }) {
  const id = controlId(props.scope, props.name);
  const error = props.form.errors[props.name];
  const current = first(props.form.values[props.name]);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {props.label}
        <RequiredMark required={props.required} />
      </label>
      <HintAndError id={id} hint={props.hint} error={error} />
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === current}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TextArea(props: ControlProps & { maxLength?: number; rows?: number }) {
  const id = controlId(props.scope, props.name);
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {props.label}
        <RequiredMark required={props.required} />
      </label>
      <HintAndError id={id} hint={props.hint} error={error} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        maxlength={props.maxLength}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}
      >
        {first(props.form.values[props.name]) ?? ''}
      </textarea>
    </div>
  );
}

/** Radio buttons or checkboxes in a fieldset: the legend asks, the hint explains, each choice may explain itself. */
export function ChoiceGroup(
  props: Omit<ControlProps, 'label'> & { legend: string; options: readonly Choice[]; multiple?: boolean; checked?: readonly string[] },
) {
  const id = controlId(props.scope, props.name);
  const error = props.form.errors[props.name];
  const raw = props.form.values[props.name];
  const checked = new Set(props.checked ?? (Array.isArray(raw) ? raw : raw ? [raw] : []));
  return (
    <fieldset
      id={id}
      class={error ? 'field has-error' : 'field'}
      aria-invalid={error ? 'true' : undefined}
      aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}
    >
      <legend>
        {props.legend}
        <RequiredMark required={props.required} />
      </legend>
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.options.map((option) => {
        const optionId = `${id}-${option.value}`;
        return (
          <div class="choice">
            <div class="checkbox">
              <input
                type={props.multiple ? 'checkbox' : 'radio'}
                id={optionId}
                name={props.name}
                value={option.value}
                checked={checked.has(option.value)}
                aria-describedby={option.hint ? `${optionId}-hint` : undefined}
              />
              <label for={optionId}>{option.label}</label>
            </div>
            {option.hint && (
              <p class="hint choice-hint" id={`${optionId}-hint`}>
                {option.hint}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/**
 * The errors of one form at its top (WCAG 3.3.1), with links to the fields; a problem of the whole
 * form (key `form`) is listed without a link. Ids are scoped so several forms can share a page.
 */
export function FormErrors({ view, scope, errors }: { view: View; scope: string; errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  const titleId = `${scope}-error-summary-title`;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby={titleId}>
      <h2 id={titleId}>{view.t('form.error_summary_title')}</h2>
      <ul>
        {entries.map(([path, message]) => (
          <li>{path === 'form' ? message : <a href={`#${controlId(scope, path)}`}>{message}</a>}</li>
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

/** The networks work in Belgium: times are shown in Brussels time, in the reader's language. */
const TIME_ZONE = 'Europe/Brussels';
const DISPLAY_LOCALES: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };
const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(DISPLAY_LOCALES[locale], {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime && { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const }),
    });
    formats.set(key, found);
  }
  return found;
}

/** An ISO instant as date and time. */
export const displayTime = (iso: string, locale: Locale): string => format(locale, true).format(new Date(iso));

/** A calendar day (`YYYY-MM-DD`) as the reader writes dates; no zone shift. */
export const displayDay = (day: string, locale: Locale): string =>
  new Intl.DateTimeFormat(DISPLAY_LOCALES[locale], { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(`${day}T00:00:00Z`),
  );
