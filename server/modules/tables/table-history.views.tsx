import type { FormValues, View } from '../../ui/view.ts';
import { formatAuditTime } from '../audit/index.ts';
import { shownValue, valuesOf } from './table-values.ts';
import { TABLE_FIELDS, type PartnerTableDetail, type TableField, type TableRevision } from './tables.schemas.ts';

const FIELD_LABELS: Record<TableField, string> = {
  name: 'tables.field.name',
  audience: 'tables.field.audience',
  purpose: 'tables.field.purpose',
  legalFramework: 'tables.field.legal_framework',
  modalities: 'tables.field.modalities',
};

/** Long texts are compared on demand; names and vocabularies fit on one line, as their labels. */
const isText = (field: TableField): boolean => field === 'purpose' || field === 'modalities';

/* A table's governance over time: the conflict view of a stale edit and the history of changes. */

/** The current values next to what the coordinator typed, after someone else saved the table first. */
export function ConflictNotice({ view, table, input }: { view: View; table: PartnerTableDetail; input: FormValues }) {
  const current = valuesOf(table);
  return (
    <div class="error-summary conflict" role="alert" tabindex={-1} aria-labelledby="conflict-title">
      <h3 id="conflict-title">{view.t('tables.conflict.title')}</h3>
      <p>{view.t('tables.conflict.explanation')}</p>
      <table>
        <caption>{view.t('tables.conflict.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{view.t('tables.conflict.field')}</th>
            <th scope="col">{view.t('tables.conflict.current')}</th>
            <th scope="col">{view.t('tables.conflict.yours')}</th>
          </tr>
        </thead>
        <tbody>
          {TABLE_FIELDS.map((field) => (
            <tr>
              <th scope="row">{view.t(FIELD_LABELS[field])}</th>
              <td class="text-block">{shownValue(view, field, current[field])}</td>
              <td class="text-block">{shownValue(view, field, input[field])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One changed field of a revision: old → new on one line, or the two texts behind a disclosure. */
function ChangeLine({ view, field, change }: { view: View; field: TableField; change: { from: string | null; to: string } }) {
  const label = view.t(FIELD_LABELS[field]);
  if (isText(field) && change.from === null && change.to.trim() !== '') {
    // Set when the table was set up: the text itself, behind a disclosure.
    return (
      <li>
        {label}
        <details>
          <summary>{view.t('tables.history_show_text', { field: label })}</summary>
          <p class="text-block">{change.to}</p>
        </details>
      </li>
    );
  }
  if (!isText(field) || change.from === null) {
    const to = shownValue(view, field, change.to);
    return (
      <li>
        {change.from === null
          ? view.t('tables.history_set', { field: label, to })
          : view.t('tables.history_change', { field: label, from: shownValue(view, field, change.from), to })}
      </li>
    );
  }
  return (
    <li>
      {view.t('tables.history_text_changed', { field: label })}
      <details>
        <summary>{view.t('tables.history_show_texts', { field: label })}</summary>
        <dl class="facts">
          <div>
            <dt>{view.t('tables.history_before')}</dt>
            <dd class="text-block">{shownValue(view, field, change.from)}</dd>
          </div>
          <div>
            <dt>{view.t('tables.history_after')}</dt>
            <dd class="text-block">{shownValue(view, field, change.to)}</dd>
          </div>
        </dl>
      </details>
    </li>
  );
}

/** Every change of the table, newest first: version and time, who, and what changed. */
export function TableHistory({ view, revisions }: { view: View; revisions: readonly TableRevision[] }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{view.t('tables.history_title')}</h2>
      <p class="hint">{view.t('tables.history_hint')}</p>
      {revisions.length === 0 ? (
        <p>{view.t('tables.history_empty')}</p>
      ) : (
        <ol class="records" reversed>
          {revisions.map((revision) => (
            <li id={`revision-${revision.version}`}>
              <h3>{view.t('tables.history_entry_title', { version: revision.version, when: formatAuditTime(revision.changedAt, view.locale) })}</h3>
              <p>{view.t('tables.history_by', { name: revision.changedBy.name, organisation: revision.changedBy.organisationName })}</p>
              {revision.version === 1 && <p>{view.t('tables.history_created')}</p>}
              <ul>
                {TABLE_FIELDS.filter((field) => revision.changes[field]).map((field) => (
                  <ChangeLine view={view} field={field} change={revision.changes[field]!} />
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
