import { fieldId, type Option } from '../../ui/components.tsx';
import type { FieldErrors, FormValues } from '../../ui/view.ts';

/*
 * Two form controls the shared components do not have yet (a multi-line text and a radio group),
 * written the same way: label or legend, hint and error tied to the control by aria-describedby.
 */

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

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

export function TextAreaField(props: {
  name: string;
  label: string;
  values: FormValues;
  errors: FieldErrors;
  required?: boolean;
  hint?: string;
  maxLength?: number;
  rows?: number;
}) {
  const id = fieldId(props.name);
  const error = props.errors[props.name];
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
        {first(props.values[props.name]) ?? ''}
      </textarea>
    </div>
  );
}

/** Radio buttons in a fieldset; the legend names the question, the hint explains the choices. */
export function RadioGroup(props: {
  name: string;
  legend: string;
  options: readonly Option[];
  values: FormValues;
  errors: FieldErrors;
  required?: boolean;
  hint?: string;
}) {
  const id = fieldId(props.name);
  const error = props.errors[props.name];
  const current = first(props.values[props.name]);
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
      {props.options.map((option) => (
        <div class="checkbox">
          <input
            type="radio"
            id={`${id}-${option.value}`}
            name={props.name}
            value={option.value}
            checked={option.value === current}
            required={props.required}
          />
          <label for={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
