import type { Child } from 'hono/jsx';

/**
 * A list's filters in a disclosure (id "filters"), so the list is in view at once on a phone: the
 * summary names the filters and how many are in use, the errors come first, then a GET form with the
 * given fields, a submit button and — when a filter is in use — a link that clears them.
 */
export function FilterPanel(props: {
  title: string;
  open: boolean;
  active: number;
  activeLabel: string;
  errors: Child;
  action: string;
  submitLabel: string;
  clearLabel: string;
  children?: Child;
}) {
  return (
    <details class="disclosure" id="filters" open={props.open}>
      <summary>
        <span id="filters-heading">{props.title}</span>
        {props.active > 0 && <span class="disclosure-status">{props.activeLabel}</span>}
      </summary>
      {props.errors}
      <form method="get" action={props.action} class="filters" aria-labelledby="filters-heading">
        {props.children}
        <div class="form-actions">
          <button type="submit" class="primary">
            {props.submitLabel}
          </button>
          {props.active > 0 && (
            <a href={props.action} class="button secondary">
              {props.clearLabel}
            </a>
          )}
        </div>
      </form>
    </details>
  );
}
