import { ButtonForm } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import type { View } from '../../ui/view.ts';

/* The user's personal calendar feed: what it holds, the URL shown once, create and revoke. */

export function CalendarFeedPage(props: {
  view: View;
  feed: { createdAt: string; lastUsedAt: string | null } | null;
  /** The new feed's URL, right after creating it; never shown again. */
  createdUrl: string | null;
  mayCreate: boolean;
}) {
  const { view, feed } = props;
  return (
    <Layout view={view} title={view.t('calendar_feed.title')}>
      <p>
        <a href="/account">{view.t('account.back')}</a>
      </p>
      <h1>{view.t('calendar_feed.title')}</h1>
      <p>{view.t('calendar_feed.intro')}</p>
      <p>{view.t('calendar_feed.titles_only')}</p>
      {props.createdUrl && (
        <div class="flash" role="status">
          <p>{view.t('calendar_feed.created')}</p>
          <label for="calendar-feed-url">{view.t('calendar_feed.url_label')}</label>
          <input id="calendar-feed-url" type="text" readonly value={props.createdUrl} aria-describedby="calendar-feed-url-hint" />
          <p id="calendar-feed-url-hint" class="hint">
            {view.t('calendar_feed.url_hint')}
          </p>
        </div>
      )}
      <h2>{view.t('calendar_feed.status_title')}</h2>
      {feed ? (
        <>
          <p>
            {view.t('calendar_feed.active_since', { date: formatLocalTime(feed.createdAt, view.locale) })}{' '}
            {feed.lastUsedAt
              ? view.t('calendar_feed.last_used', { date: formatLocalTime(feed.lastUsedAt, view.locale) })
              : view.t('calendar_feed.never_used')}
          </p>
          <ButtonForm view={view} action="/account/calendar-feed/revoke" label={view.t('calendar_feed.revoke')} />
        </>
      ) : (
        <p>{view.t('calendar_feed.none')}</p>
      )}
      {props.mayCreate ? (
        <ButtonForm view={view} action="/account/calendar-feed" label={feed ? view.t('calendar_feed.replace') : view.t('calendar_feed.create')}>
          {feed && <p>{view.t('calendar_feed.replace_hint')}</p>}
        </ButtonForm>
      ) : (
        <p>{view.t('calendar_feed.needs_second_factor')}</p>
      )}
    </Layout>
  );
}
