import { ButtonForm } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';

/* The coordinator's page of the public consult form setting. */

export function ConsultFormPage({ view, open, path, publicUrl }: { view: View; open: boolean; path: string; publicUrl: string }) {
  const title = view.t('signals.consult_form.title');
  const address = `${publicUrl}${path}`;
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('signals.consult_form.intro')}</p>
      <p role="status">
        {open ? (
          <>
            {view.t('signals.consult_form.state_open')}
            <a href={path}>{address}</a>
          </>
        ) : (
          view.t('signals.consult_form.state_closed')
        )}
      </p>
      <ButtonForm
        view={view}
        action="/signals/consult-form"
        label={open ? view.t('signals.consult_form.close') : view.t('signals.consult_form.open')}
        hidden={{ open: open ? 'false' : 'true' }}
      />
    </Layout>
  );
}
