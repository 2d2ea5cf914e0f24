import type { Child } from 'hono/jsx';
import { fieldId } from './components.tsx';
import type { FieldErrors, FormValues } from './view.ts';

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

/** The frame of a single control: label (with the required mark), hint and error, then the control. */
function LabelledField(props: {
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
      <HintAndError id={props.id} hint={props.hint} error={props.error} />
      {props.children}
    </div>
  );
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
    <LabelledField id={id} label={props.label} required={props.required} hint={props.hint} error={error}>
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
    </LabelledField>
  );
}

export function SelectInput(props: ControlProps & { options: readonly Choice[]; placeholder?: string }) {
  const id = controlId(props.scope, props.name);
  const error = props.form.errors[props.name];
  const current = first(props.form.values[props.name]);
  return (
    <LabelledField id={id} label={props.label} required={props.required} hint={props.hint} error={error}>
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
    </LabelledField>
  );
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
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, Boolean(props.hint), Boolean(error))}
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
