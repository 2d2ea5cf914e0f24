import type { Child } from 'hono/jsx';
import { LOCALES } from '../platform/config.ts';
import { ASSETS } from './assets.ts';
import type { View } from './view.ts';

const LANGUAGE_NAMES = { nl: 'Nederlands', fr: 'Français', en: 'English' } as const;

/** htmx settings: no eval, no inline styles (CSP), no page snapshots in localStorage (privacy). */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '(400|403|404|409|429)', swap: true, error: false },
    { code: '[45]..', swap: false, error: true },
  ],
});

function LanguageSwitch({ view }: { view: View }) {
  return (
    <form method="post" action="/language" class="language-switch" aria-label={view.t('shell.language')}>
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      <input type="hidden" name="returnTo" value={view.path} />
      {LOCALES.map((locale) => (
        <button type="submit" name="locale" value={locale} lang={locale} aria-pressed={locale === view.locale ? 'true' : 'false'}>
          {LANGUAGE_NAMES[locale]}
        </button>
      ))}
    </form>
  );
}

function Navigation({ view }: { view: View }) {
  if (!view.user) return null;
  const user = view.user;
  const entries: [boolean, string, string][] = [
    [true, '/', view.t('nav.home')],
    [user.usesConsultPoint, '/signals', view.t('nav.signals')],
    [user.worksOnCases, '/cases', view.t('nav.cases')],
    [user.hasOwnAgreements, '/agreements', view.t('nav.agreements')],
    [user.readsDirectory, '/directory', view.t('nav.directory')],
    [user.readsGapReport, '/directory/gaps/report', view.t('nav.gap_report')],
    [user.isCoordinator, '/tables', view.t('nav.tables')],
    [user.viewsInstruments, '/screening/instruments', view.t('nav.instruments')],
    [user.seesInquiries, '/inquiries', view.t('nav.inquiries')],
    [user.keepsClientRegister, '/client-register', view.t('nav.client_register')],
    [user.isAdmin, '/admin/organisations', view.t('nav.organisations')],
    [user.isAdmin, '/admin/users', view.t('nav.users')],
    [user.isDpo, '/audit', view.t('audit.nav')],
  ];
  const shown = entries.filter(([allowed]) => allowed);
  // One entry is the current page: the longest link the path lies under (the gap report, not also the map).
  const current = shown
    .map(([, href]) => href)
    .filter((href) => view.path === href || (href !== '/' && view.path.startsWith(`${href}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label={view.t('shell.navigation')} class="main-nav">
      <ul>
        {shown.map(([, href, label]) => (
          <li>
            <a href={href} aria-current={href === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function UserMenu({ view }: { view: View }) {
  if (!view.user) return null;
  return (
    <div class="user-menu">
      <span class="user-name">{view.t('shell.signed_in_as', { name: view.user.name })}</span>
      <a href="/account" aria-current={view.path === '/account' || view.path.startsWith('/account/') ? 'page' : undefined}>
        {view.t('nav.account')}
      </a>
      <form method="post" action="/logout">
        <input type="hidden" name="_csrf" value={view.csrfToken} />
        <button type="submit" class="link-button">
          {view.t('shell.sign_out')}
        </button>
      </form>
    </div>
  );
}

/** The saved-message of the last form post (role status); a page that places it itself uses this. */
export function Flash({ view }: { view: View }) {
  return view.flash ? (
    <p class="flash" role="status" tabindex={-1}>
      {view.flash}
    </p>
  ) : null;
}

/**
 * Navigation, user menu and language switch. Signed in, they sit in a "Menu" disclosure that is
 * closed on a phone (the header stays one line) and shown open on a wide screen: by CSS where the
 * browser can style a disclosure's content, by public/app.js elsewhere; without either, one click
 * opens it. Works without JavaScript.
 */
function SiteMenu({ view }: { view: View }) {
  const tools = (
    <div class="header-tools">
      <UserMenu view={view} />
      <LanguageSwitch view={view} />
    </div>
  );
  if (!view.user) return tools;
  return (
    <details class="site-menu">
      <summary>{view.t('shell.menu')}</summary>
      <div class="site-menu-body">
        <Navigation view={view} />
        {tools}
      </div>
    </details>
  );
}

/**
 * The page shell: skip link, header with tenant, navigation and user menu, main, footer. `focused`
 * leaves out navigation, user menu and language switch, for a page that must not be left by accident
 * (recovery codes are shown only once). `ownFlash`: the page draws the flash itself, next to the
 * section the saved form belongs to, so that it is in view where the browser lands.
 */
export function Layout({
  view,
  title,
  children,
  focused = false,
  ownFlash = false,
}: {
  view: View;
  title: string;
  children?: Child;
  focused?: boolean;
  ownFlash?: boolean;
}) {
  const product = view.t('app.name');
  return (
    <html lang={view.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={view.csrfToken} />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · ${view.tenantName ?? product}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={ASSETS.css.hashedPath} />
        <script src={ASSETS.htmx.hashedPath} defer></script>
        <script src={ASSETS.js.hashedPath} defer></script>
      </head>
      <body hx-boost="true">
        <a class="skip-link" href="#main">
          {view.t('shell.skip_to_content')}
        </a>
        <header class="site-header">
          <div class="brand">
            <a href="/">{product}</a>
            {view.tenantName && <span class="tenant-name">{view.tenantName}</span>}
          </div>
          {!focused && <SiteMenu view={view} />}
        </header>
        <main id="main" tabindex={-1}>
          {!ownFlash && <Flash view={view} />}
          {children}
        </main>
        {view.idleSeconds !== null && (
          <div
            id="idle-warning"
            class="idle-warning"
            role="alertdialog"
            aria-labelledby="idle-warning-text"
            data-idle-seconds={String(view.idleSeconds)}
            hidden
          >
            <p id="idle-warning-text">{view.t('shell.idle_warning')}</p>
            <button type="button" class="primary" id="idle-keepalive">
              {view.t('shell.idle_keepalive')}
            </button>
          </div>
        )}
        <footer class="site-footer">
          <p>{view.t('shell.footer')}</p>
        </footer>
      </body>
    </html>
  );
}
