import { accountsModule } from './accounts/accounts.manifest.ts';
import { auditModule } from './audit/audit.manifest.ts';
import { casesModule } from './cases/cases.manifest.ts';
import { directoryModule } from './directory/directory.manifest.ts';
import { inquiriesModule } from './inquiries/inquiries.manifest.ts';
import { jobsModule } from './jobs/jobs.manifest.ts';
import { meetingsModule } from './meetings/meetings.manifest.ts';
import { minutesModule } from './minutes/minutes.manifest.ts';
import { plansModule } from './plans/plans.manifest.ts';
import { feedbackModule } from './feedback/feedback.manifest.ts';
import { screeningModule } from './screening/screening.manifest.ts';
import { signalsModule } from './signals/signals.manifest.ts';
import { tablesModule } from './tables/tables.manifest.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import type { HomePanel, HomeViewContext, ModuleManifest } from './module-manifest.ts';

/**
 * Every module of the application, one line each, in dependency order (a module's tables may refer
 * to the tables of the modules before it). Adding a module is its own folder plus one line here.
 */
export const MODULES = [
  accountsModule,
  auditModule,
  tablesModule,
  casesModule,
  jobsModule,
  signalsModule,
  screeningModule,
  inquiriesModule,
  meetingsModule,
  plansModule,
  feedbackModule,
  minutesModule,
  directoryModule,
] as const;

type Module = (typeof MODULES)[number];
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** Every resource's rules, from every module: what the policy registry serves. */
export type ModulePolicies = UnionToIntersection<Module['policy']>;
export const MODULE_POLICIES = Object.assign({}, ...MODULES.map((module) => module.policy)) as ModulePolicies;

/** The audit vocabulary: every module's actions and resource types. */
export const MODULE_AUDIT_ACTIONS = MODULES.flatMap((module) => module.auditActions) as Module['auditActions'][number][];
export const MODULE_AUDIT_RESOURCE_TYPES = MODULES.flatMap((module) => module.auditResourceTypes) as Module['auditResourceTypes'][number][];

/** The tables of every module in foreign-key order (backup, restore), and the ones the tenant guard limits. */
export const MODULE_TABLES = MODULES.flatMap((module) => module.tables) as Module['tables'][number][];
export const MODULE_TENANT_TABLES: ReadonlySet<string> = new Set(MODULES.flatMap((module) => module.tenantTables));
/** Tables whose rows migrations ship: a freshly migrated database holds them and is still empty for a restore. */
export const MODULE_SHIPPED_TABLES: ReadonlySet<string> = new Set(
  (MODULES as readonly ModuleManifest[]).flatMap((module) => module.shippedTables ?? []),
);

/** The home page of one actor: every module's panels (those that contribute), in page order. */
export async function homePanelsFor(actor: Actor, ctx: AppContext, view: HomeViewContext): Promise<HomePanel[]> {
  const contributors = (MODULES as readonly ModuleManifest[]).flatMap((module) => (module.home ? [module.home] : []));
  const panels = await Promise.all(contributors.map(async (load) => (await load())(actor, ctx, view)));
  return panels.flat().sort((a, b) => a.order - b.order);
}
