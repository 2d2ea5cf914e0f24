import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import type { CookiePolicy } from '../http/cookies.ts';
import type { ApiRouteDescription } from '../http/openapi.ts';
import type { Locale } from '../platform/config.ts';
import type { Translate } from '../ui/i18n.ts';

/** A rule of the policy registry: decided by the role alone, or by a record's facts as well. */
export type PolicyRule = ((actor: Actor) => boolean) | ((actor: Actor, facts: never) => boolean);

/** What a module is given to register its routes and pages. */
export interface ModuleRegistration {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly cookies: CookiePolicy;
  readonly apiRoutes: ApiRouteDescription[];
  /** Every module's panels of the home page for this actor, in page order (the home page's source). */
  readonly homePanels: (actor: Actor, view: HomeViewContext) => Promise<HomePanel[]>;
}

/** What a home panel may use to word itself: the reader's language. */
export interface HomeViewContext {
  readonly t: Translate;
  readonly locale: Locale;
}

/** At most this many entries in a panel; the panel's `more` link leads to the rest. */
export const HOME_PANEL_SIZE = 10;

/** One line of a home panel: a label (a link when `href` is given) and a few short facts. */
export interface HomeEntry {
  readonly label: string;
  readonly href?: string;
  readonly details?: readonly string[];
}

/**
 * One panel of the home page ("what needs me"), worded for one actor by the module that owns its
 * subject. References, dates and counts only — a panel never shows case content, and it lists only
 * what the actor may open (every link must answer 200 for them, never 403).
 */
export interface HomePanel {
  /** Unique on the page: the section's id (`home-<module>-<subject>`). */
  readonly id: string;
  /** Place on the page, lower first: cases 100–199, meetings 200–299, accounts (roles, tasks) 900. */
  readonly order: number;
  readonly heading: string;
  /** Plain sentences under the heading (what the panel is, or what the role will do here). */
  readonly intro?: readonly string[];
  /** At most HOME_PANEL_SIZE. */
  readonly entries: readonly HomeEntry[];
  /** Said instead of the list when `entries` is empty; a panel without it shows no list at all. */
  readonly empty?: string;
  /** The link to everything the panel shortens ("all open cases"). */
  readonly more?: { readonly href: string; readonly label: string };
}

/** A module's part of the home page: its panels for this actor (none when nothing concerns them). */
export type HomeContribution = (actor: Actor, ctx: AppContext, view: HomeViewContext) => Promise<HomePanel[]>;

/**
 * A module declares, in one object of its own folder, everything the rest of the application needs
 * to know about it (docs/architecture.md, "Adding a module"):
 * - `policy`: its resources and their rules, in the one policy form (the registry reads it);
 * - `tables`: the tables it owns, in an order that satisfies foreign keys (backup and restore read
 *   it); `tenantTables`: those of them the tenant guard limits to one network;
 * - `auditActions` and `auditResourceTypes`: its part of the audit vocabulary (labels in nl/fr/en);
 * - `register`: its routes and pages, loaded lazily so that this declaration imports no route code
 *   (the registry, the tenant guard and the audit vocabulary read it without import cycles);
 * - `home` (optional): its panels of the home page, loaded lazily the same way.
 * Routes that need a recent sign-in say so where they are registered (`recentSignIn`), and the app's
 * route table is the list of them.
 */
export interface ModuleManifest {
  readonly name: string;
  readonly policy: Readonly<Record<string, Readonly<Record<string, PolicyRule>>>>;
  readonly tables: readonly (keyof Database)[];
  readonly tenantTables: readonly (keyof Database)[];
  /** Those of its tables whose rows a migration ships (installation-wide content): restore replaces them. */
  readonly shippedTables?: readonly (keyof Database)[];
  readonly auditActions: readonly string[];
  readonly auditResourceTypes: readonly string[];
  readonly register: (registration: ModuleRegistration) => Promise<void>;
  readonly home?: () => Promise<HomeContribution>;
}

/** Declares a module; `const` keeps the literal action and table names for the registry's types. */
export function defineModule<const Manifest extends ModuleManifest>(manifest: Manifest): Manifest {
  return manifest;
}
