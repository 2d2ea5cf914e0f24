import { ROLES, type Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { HomeEntry, HomePanel, HomeViewContext } from '../module-manifest.ts';

/**
 * The accounts module's part of the home page: a plain account of what each of the actor's roles
 * does here (also for roles whose work is not in the application yet: the minute taker, the analyst)
 * and links to the screens the actor can use now — each link derived from the policy, so none of
 * them answers 403.
 */
export async function accountsHomePanels(actor: Actor, _ctx: unknown, view: HomeViewContext): Promise<HomePanel[]> {
  const { t } = view;
  const links: [href: string, label: string, allowed: boolean][] = [
    ['/cases', t('nav.cases'), can(actor, 'cases.list')],
    ['/tables', t('nav.tables'), can(actor, 'tables.list')],
    ['/admin/organisations', t('nav.organisations'), can(actor, 'organisations.list')],
    ['/admin/users', t('nav.users'), can(actor, 'users.list')],
    ['/audit', t('audit.nav'), can(actor, 'audit.list')],
    ['/account', t('nav.account'), can(actor, 'me.read')],
  ];
  const entries: HomeEntry[] = links.filter(([, , allowed]) => allowed).map(([href, label]) => ({ href, label }));
  return [
    {
      id: 'home-roles',
      order: 900,
      heading: t('home.roles_panel.heading'),
      intro: ROLES.filter((role) => actor.roles.has(role)).map((role) => t(`home.role_account.${role}`)),
      entries,
    },
  ];
}
