import { Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import type { HomePanel } from '../module-manifest.ts';

/* The home page of what needs the user: the panels every module contributes (server/modules/modules.ts). */

function Panel({ panel }: { panel: HomePanel }) {
  const headingId = `${panel.id}-heading`;
  return (
    <section id={panel.id} class="home-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{panel.heading}</h2>
      {panel.intro?.map((sentence) => (
        <p>{sentence}</p>
      ))}
      {panel.entries.length > 0 ? (
        <ul class="home-list">
          {panel.entries.map((entry) => (
            <li>
              {entry.href ? <a href={entry.href}>{entry.label}</a> : <span>{entry.label}</span>}
              {entry.details && entry.details.length > 0 && <span class="home-details"> · {entry.details.join(' · ')}</span>}
            </li>
          ))}
        </ul>
      ) : (
        panel.empty && <p class="home-empty">{panel.empty}</p>
      )}
      {panel.more && panel.entries.length > 0 && (
        <p>
          <a href={panel.more.href}>{panel.more.label}</a>
        </p>
      )}
    </section>
  );
}

export function HomePage({ view, panels }: { view: View; panels: readonly HomePanel[] }) {
  return (
    <Layout view={view} title={view.t('home.title')}>
      <h1>{view.t('home.title')}</h1>
      <p>{view.t('home.welcome', { name: view.user?.name ?? '' })}</p>
      {panels.map((panel) => (
        <Panel panel={panel} />
      ))}
    </Layout>
  );
}
