import { AppError } from '../../platform/errors.ts';
import type { SignalAccess } from './signal-door.ts';

/**
 * The tabs of a signal's page, each its own page at `/signals/:id/<tab>` (the overview at
 * `/signals/:id`), registered by the file that owns its content: overview (this module's core),
 * messages (the reply channel), screening, inquiries (network inquiry) and referral. The reporter
 * sees only the overview and the messages; the coordinator sees every tab.
 */
export const SIGNAL_TABS = ['overview', 'messages', 'screening', 'inquiries', 'referral'] as const;
export type SignalTab = (typeof SIGNAL_TABS)[number];

/** What a reporter sees of their own signal: its status and what they wrote, and the reply channel. */
export const REPORTER_TABS: readonly SignalTab[] = ['overview', 'messages'];

/** The tabs this actor sees on this signal, in order. */
export function signalTabsFor(access: SignalAccess): readonly SignalTab[] {
  if (access.relation.coordinator) return SIGNAL_TABS;
  if (access.relation.reporter) return REPORTER_TABS;
  return [];
}

/** The page of one tab. */
export function signalTabPath(signalId: string, tab: SignalTab): string {
  return tab === 'overview' ? `/signals/${signalId}` : `/signals/${signalId}/${tab}`;
}

/** A tab the actor does not see is not there for them: 404, like the case page's Manage tab. */
export function requireSignalTab(access: SignalAccess, tab: SignalTab): void {
  if (!signalTabsFor(access).includes(tab)) throw new AppError('not_found');
}
