import { Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import type { InstrumentView } from './screening.schemas.ts';

/* The read-only instrument screens as pure views of what the page handlers loaded. */

export function InstrumentList({ view, instruments }: { view: View; instruments: InstrumentView[] }) {
  return (
    <Layout view={view} title={view.t('screening.instruments.title')}>
      <h1>{view.t('screening.instruments.title')}</h1>
      <p>{view.t('screening.instruments.intro')}</p>
      {instruments.length === 0 ? (
        <p>{view.t('screening.instruments.empty')}</p>
      ) : (
        <ul class="instrument-list">
          {instruments.map((instrument) => (
            <li>
              <a href={`/screening/instruments/${instrument.key}`}>{instrument.title}</a>{' '}
              <span>{view.t('screening.instruments.version', { version: instrument.version })}</span>
              <p>{instrument.description}</p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function InstrumentPage({ view, instrument }: { view: View; instrument: InstrumentView }) {
  return (
    <Layout view={view} title={instrument.title}>
      <p>
        <a href="/screening/instruments">{view.t('screening.instruments.back')}</a>
      </p>
      <h1>{instrument.title}</h1>
      <p>{view.t('screening.instruments.version', { version: instrument.version })}</p>
      <p>{instrument.description}</p>
      {instrument.sections.map((section) => (
        <section aria-labelledby={`section-${section.key}`}>
          <h2 id={`section-${section.key}`}>{section.title}</h2>
          {section.help && <p>{section.help}</p>}
          <ul>
            {section.items.map((item) => (
              <li>
                <strong>{item.prompt}</strong> <span>({view.t(`screening.item_kind.${item.kind}`)})</span>
                {item.help && <p>{item.help}</p>}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="judgement-heading">
        <h2 id="judgement-heading">{view.t('screening.instruments.judgement')}</h2>
        <p>{instrument.judgement}</p>
      </section>
    </Layout>
  );
}
