import type { Child } from 'hono/jsx';
import { Flash, Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import type { SignalAccess } from './signal-door.ts';
import { signalTabPath, signalTabsFor, type SignalTab } from './signal-tabs.ts';

/*
 * The frame of every tab of a signal's page: the reference as h1, what kind of signal it is and its
 * status, the tab list (real links, the current one marked with aria-current) and the tab's content.
 * Each tab's owner renders its page as
 *   SignalPage({ view, signal: read, tab: 'messages', children: <…/> })
 * with the AuditedSignalRead (or SignalAccess) of the request.
 */

export const SIGNAL_TABS_ANCHOR = 'signal-tabs';

/** The tab list of the signal for this actor. */
export function SignalTabs({ view, signal, tab }: { view: View; signal: SignalAccess; tab: SignalTab }) {
  return (
    <nav aria-label={view.t('signals.tabs_label')} class="tabs" id={SIGNAL_TABS_ANCHOR}>
      <ul>
        {signalTabsFor(signal).map((each) => (
          <li>
            <a href={signalTabPath(signal.row.id, each)} aria-current={each === tab ? 'page' : undefined}>
              {view.t(`signals.tab.${each}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** One tab of a signal's page; `ownFlash`: the content draws the saved-message itself. */
export function SignalPage({
  view,
  signal,
  tab,
  children,
  ownFlash = false,
}: {
  view: View;
  signal: SignalAccess;
  tab: SignalTab;
  children?: Child;
  ownFlash?: boolean;
}) {
  const row = signal.row;
  return (
    <Layout view={view} title={view.t('signals.tab_title', { tab: view.t(`signals.tab.${tab}`), reference: row.reference })} ownFlash>
      <p>
        <a href="/signals">{view.t(signal.relation.coordinator ? 'signals.back_overview' : 'signals.back_mine')}</a>
      </p>
      <h1>{view.t('signals.signal_title', { reference: row.reference })}</h1>
      <p class="signal-summary">
        {[view.t(`signals.kind.${row.kind}`), view.t(`cases.theme.${row.theme}`), view.t(`signals.status.${row.status}`)].join(' · ')}
      </p>
      <SignalTabs view={view} signal={signal} tab={tab} />
      {!ownFlash && <Flash view={view} />}
      {children}
    </Layout>
  );
}
