import type { View } from '../../ui/view.ts';

/** The coordinator's overview of a meeting's pre-meeting inventories: per organisation, done or not yet. */
export function InventoryOverview({
  view,
  inventories,
}: {
  view: View;
  inventories: readonly { organisationId: string; organisationName: string; doneAt: string | null }[];
}) {
  return (
    <section aria-labelledby="inventory-overview-heading">
      <h2 id="inventory-overview-heading">{view.t('meetings.inventory.overview_heading')}</h2>
      {inventories.length === 0 ? (
        <p>{view.t('meetings.inventory.overview_empty')}</p>
      ) : (
        <ul>
          {inventories.map((entry) => (
            <li>
              {entry.organisationName}:{' '}
              {entry.doneAt ? view.t('meetings.inventory.done_on', { date: entry.doneAt.slice(0, 10) }) : view.t('meetings.inventory.not_done')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
