import {
  controlAria,
  errorLine,
  FieldMessage,
  fieldId,
  LabelledField,
  RequiredMark,
  SelectField,
  TextField,
  type FieldLabels,
} from './components.tsx';
import type { FieldErrors, FormValues, View } from './view.ts';

/*
 * Form controls for pages that hold several forms at once: every control takes a `scope` (the
 * form's name) that keeps its id unique on the page, `field-<scope>-<name>` (without a scope,
 * `field-<name>`, as the controls of components.tsx). Each has a label or a legend; hints and
 * errors are tied to it with aria-describedby, and a choice can carry its own explanation.
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

interface ControlProps {
  readonly scope?: string;
  readonly name: string;
  readonly label: string;
  readonly form: FormState;
  readonly required?: boolean;
  readonly hint?: string;
}

/** components.tsx's TextField with a scoped id; autocomplete is off unless asked for. */
export function TextInput(props: ControlProps & { type?: 'text' | 'date'; autocomplete?: string }) {
  const { scope, form, autocomplete, ...field } = props;
  return <TextField {...field} id={controlId(scope, props.name)} values={form.values} errors={form.errors} autocomplete={autocomplete ?? 'off'} />;
}

/** components.tsx's SelectField with a scoped id; of a repeated value the first is selected. */
export function SelectInput(props: ControlProps & { options: readonly Choice[]; placeholder?: string }) {
  const { scope, form, ...field } = props;
  return <SelectField {...field} id={controlId(scope, props.name)} values={{ [props.name]: first(form.values[props.name]) }} errors={form.errors} />;
}

export function TextArea(props: ControlProps & { maxLength?: number; rows?: number }) {
  const id = controlId(props.scope, props.name);
  const error = props.form.errors[props.name];
  return (
    <LabelledField id={id} label={props.label} required={props.required} hint={props.hint} error={error}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        maxlength={props.maxLength}
        required={props.required}
        {...controlAria(id, props.hint, error)}
      >
        {first(props.form.values[props.name]) ?? ''}
      </textarea>
    </LabelledField>
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
    <fieldset id={id} class={error ? 'field has-error' : 'field'} {...controlAria(id, props.hint, error)}>
      <legend>
        {props.legend}
        <RequiredMark required={props.required} />
      </legend>
      <FieldMessage id={id} hint={props.hint} error={error} />
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
