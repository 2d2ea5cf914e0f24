import { ButtonForm } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import { TableHistory } from './table-history.views.tsx';
import type { TableRevision } from './tables.schemas.ts';
import type { TableModalities } from './view-table-modalities.ts';

/* The modalities a member confirms: the notice with its button, and the members' view of a table. */

/** Where a member confirms the modalities of a table (the notice on the table page). */
export const modalitiesPlace = (tableId: string): string => `/tables/${tableId}#modalities-heading`;

/**
 * For a member: the notice to confirm the current modalities with its button, or that they did.
 * Nothing for someone who does not sit at the table, nor while the table has no modalities.
 */
export function ModalitiesConfirmation({ view, modalities }: { view: View; modalities: TableModalities }) {
  if (!modalities.member || modalities.modalitiesVersion === 0) return null;
  if (modalities.modalitiesConfirmed)
    return <p class="hint">{view.t('tables.modalities_confirmed_notice', { version: modalities.modalitiesVersion })}</p>;
  return (
    <div class="notice" role="note" aria-labelledby="modalities-confirm-title">
      <p id="modalities-confirm-title">
        <strong>{view.t('tables.modalities_confirm_title', { version: modalities.modalitiesVersion })}</strong>
      </p>
      <p>{view.t('tables.modalities_confirm_explanation')}</p>
      <ButtonForm
        view={view}
        action={`/tables/${modalities.tableId}/modalities/confirmation`}
        hidden={{ version: String(modalities.modalitiesVersion) }}
        label={view.t('tables.modalities_confirm')}
      />
    </div>
  );
}

/** `/tables/:id` for a member who is not the coordinator: the table's governance, read only. */
export function TableGovernance({ view, modalities, revisions }: { view: View; modalities: TableModalities; revisions: readonly TableRevision[] }) {
  return (
    <Layout view={view} title={modalities.tableName}>
      <h1>{modalities.tableName}</h1>
      <p>
        <a href={`/tables/${modalities.tableId}/meetings`}>{view.t('meetings.link_from_table')}</a>
      </p>
      <dl>
        <dt>{view.t('tables.field.purpose')}</dt>
        <dd class="text-block">{modalities.purpose}</dd>
        <dt>{view.t('tables.field.legal_framework')}</dt>
        <dd>{view.t(`tables.legal_framework.${modalities.legalFramework}`)}</dd>
      </dl>
      <section aria-labelledby="modalities-heading">
        <h2 id="modalities-heading">{view.t('tables.field.modalities')}</h2>
        {modalities.modalitiesVersion === 0 ? (
          <p>{view.t('tables.modalities_none')}</p>
        ) : (
          <>
            <p class="hint">{view.t('tables.modalities_version', { version: modalities.modalitiesVersion })}</p>
            <div class="text-block">{modalities.modalities}</div>
          </>
        )}
        <ModalitiesConfirmation view={view} modalities={modalities} />
      </section>
      <TableHistory view={view} revisions={revisions} />
    </Layout>
  );
}
