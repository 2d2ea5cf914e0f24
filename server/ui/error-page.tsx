import type { ErrorCode } from '../platform/errors.ts';
import { Layout } from './layout.tsx';
import type { View } from './view.ts';

/** A calm page for an error: what happened, in the user's language, and a way on. */
export function ErrorPage({ view, code }: { view: View; code: ErrorCode }) {
  const title = view.t(`errors.${code}`);
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t(`errors.${code}.help`)}</p>
      <p>
        <a href="/">{view.t('errors.back_home')}</a>
      </p>
    </Layout>
  );
}
