import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { HOME_PANEL_SIZE, type HomePanel, type HomeViewContext } from '../module-manifest.ts';
import { reporterLookupsOf } from './signal-crypto.ts';
import { waitingDays } from './signals.presenter.ts';
import { listNetworkSignals, listOwnSignals } from './signals.queries.ts';

/**
 * The consult point's part of the home page: for the coordinator the open signals, the longest
 * waiting first; for a professional their own signals with their status. References, statuses and
 * days only — never content, never who reported; not a read of a signal, so not audited as one.
 */
export async function signalsHomePanels(actor: Actor, ctx: AppContext, view: HomeViewContext): Promise<HomePanel[]> {
  const { t } = view;
  if (can(actor, 'signals.registerOnBehalf')) {
    const rows = await listNetworkSignals(ctx.db, actor, { openOnly: true }, { limit: HOME_PANEL_SIZE + 1, offset: 0 });
    return [
      {
        id: 'home-signals-open',
        order: 50,
        heading: t('home.signals_open.heading'),
        entries: rows.slice(0, HOME_PANEL_SIZE).map((row) => {
          const days = waitingDays(row, ctx.clock);
          return {
            label: row.reference,
            href: `/signals/${row.id}`,
            details: [t(`signals.status.${row.status}`), ...(days === null ? [] : [t('signals.waiting_days', { count: days })])],
          };
        }),
        empty: t('home.signals_open.empty'),
        more: { href: '/signals', label: t('home.signals_all') },
      },
    ];
  }
  if (!can(actor, 'signals.report')) return [];
  const rows = await listOwnSignals(ctx.db, actor, await reporterLookupsOf(ctx, actor.tenantId, actor.userId), {
    limit: HOME_PANEL_SIZE + 1,
    offset: 0,
  });
  return [
    {
      id: 'home-signals-mine',
      order: 60,
      heading: t('home.signals_mine.heading'),
      entries: rows
        .slice(0, HOME_PANEL_SIZE)
        .map((row) => ({ label: row.reference, href: `/signals/${row.id}`, details: [t(`signals.status.${row.status}`)] })),
      empty: t('home.signals_mine.empty'),
      more: { href: '/signals', label: t('home.signals_mine_all') },
    },
  ];
}
