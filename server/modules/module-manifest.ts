import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import type { CookiePolicy } from '../http/cookies.ts';
import type { ApiRouteDescription } from '../http/openapi.ts';

/** A rule of the policy registry: decided by the role alone, or by a record's facts as well. */
export type PolicyRule = ((actor: Actor) => boolean) | ((actor: Actor, facts: never) => boolean);

/** What a module is given to register its routes and pages. */
export interface ModuleRegistration {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly cookies: CookiePolicy;
  readonly apiRoutes: ApiRouteDescription[];
}

/**
 * A module declares, in one object of its own folder, everything the rest of the application needs
 * to know about it (docs/architecture.md, "Adding a module"):
 * - `policy`: its resources and their rules, in the one policy form (the registry reads it);
 * - `tables`: the tables it owns, in an order that satisfies foreign keys (backup and restore read
 *   it); `tenantTables`: those of them the tenant guard limits to one network;
 * - `auditActions` and `auditResourceTypes`: its part of the audit vocabulary (labels in nl/fr/en);
 * - `register`: its routes and pages, loaded lazily so that this declaration imports no route code
 *   (the registry, the tenant guard and the audit vocabulary read it without import cycles).
 * Routes that need a recent sign-in say so where they are registered (`recentSignIn`), and the app's
 * route table is the list of them.
 */
export interface ModuleManifest {
  readonly name: string;
  readonly policy: Readonly<Record<string, Readonly<Record<string, PolicyRule>>>>;
  readonly tables: readonly (keyof Database)[];
  readonly tenantTables: readonly (keyof Database)[];
  readonly auditActions: readonly string[];
  readonly auditResourceTypes: readonly string[];
  readonly register: (registration: ModuleRegistration) => Promise<void>;
}

/** Declares a module; `const` keeps the literal action and table names for the registry's types. */
export function defineModule<const Manifest extends ModuleManifest>(manifest: Manifest): Manifest {
  return manifest;
}
