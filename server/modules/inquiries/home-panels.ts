import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { formatLocalDay } from '../../ui/local-time.ts';
import { HOME_PANEL_SIZE, type HomePanel, type HomeViewContext } from '../module-manifest.ts';
import { listInquiriesAskingOrganisation } from './inquiries.queries.ts';
import { inquiryReference } from './inquiries.vocabulary.ts';

/**
 * The inquiries' part of the home page: for a professional whose organisation was asked, the open
 * questions it has not answered yet, the nearest deadline first. References and deadlines only —
 * never the person or the purpose; not a read of an inquiry, so not audited as one. No panel when
 * nothing waits (an organisation that was never asked sees nothing of inquiries).
 */
export async function inquiriesHomePanels(actor: Actor, ctx: AppContext, view: HomeViewContext): Promise<HomePanel[]> {
  if (!can(actor, 'inquiries.list') || can(actor, 'inquiries.create')) return [];
  const waiting = (await listInquiriesAskingOrganisation(ctx.db, actor))
    .filter((row) => row.status === 'open' && row.answered === 0)
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
  if (waiting.length === 0) return [];
  return [
    {
      id: 'home-inquiries-waiting',
      order: 70,
      heading: view.t('home.inquiries_waiting.heading'),
      entries: waiting.slice(0, HOME_PANEL_SIZE).map((row) => ({
        label: inquiryReference(row.id),
        href: `/inquiries/${row.id}`,
        details: [view.t('home.inquiries_waiting.deadline', { day: formatLocalDay(row.deadline, view.locale) })],
      })),
      more: { href: '/inquiries', label: view.t('home.inquiries_waiting.all') },
    },
  ];
}
