import type { Child } from 'hono/jsx';
import { formatLocalDay, formatLocalTime } from '../../ui/local-time.ts';
import type { Locale } from '../../platform/config.ts';
import type { View } from '../../ui/view.ts';

/* Pieces of the case screens beyond the shared form controls (server/ui/form-controls.tsx). */

export type { FieldLabels } from '../../ui/components.tsx';
export {
  ChoiceGroup,
  EMPTY_FORM,
  FormErrors,
  SelectInput,
  TextArea,
  TextInput,
  controlId,
  type Choice,
  type FormState,
} from '../../ui/form-controls.tsx';
export { Facts } from '../../ui/components.tsx';

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

/** An ISO instant as date and time (Brussels time, the reader's language). */
export const displayTime = (iso: string, locale: Locale): string => formatLocalTime(iso, locale);

/** A calendar day (`YYYY-MM-DD`) as the reader writes dates; no zone shift. */
export const displayDay = formatLocalDay;
