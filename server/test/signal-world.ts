import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import { createApiToken, createUser } from '../modules/accounts/index.ts';
import { createSignal, type SignalCreate, type SignalSubjectInput } from '../modules/signals/index.ts';
import { seedCaseWorld, type CaseWorld, type WorldUser } from './case-world.ts';
import { actorFor, secretOf, TEST_PASSWORD, unique, type TestEnvironment } from './harness.ts';

/**
 * A fictional network for the consult point's tests, built on the case world (server/test/case-world.ts:
 * its coordinator, two partner tables — minors and adults — its two cases, the DPO, analyst, admin
 * and a user of another network) with the people who report signals: a teacher at a school, a youth
 * worker at a neighbourhood centre and a police officer. Each reporter has a distinct fictional name,
 * so anonymity tests can look for it in everything others receive.
 */
export interface SignalWorld extends CaseWorld {
  readonly env: TestEnvironment;
  readonly ctx: AppContext;
  readonly coordinator: WorldUser;
  /** Professional at the school (organisations.school). */
  readonly teacher: SignalReporter;
  /** Professional at the neighbourhood centre (organisations.community). */
  readonly youthWorker: SignalReporter;
  /** Professional of the police zone (organisations.police). */
  readonly police: SignalReporter;
}

export interface SignalReporter extends WorldUser {
  readonly name: string;
}

export const SIGNAL_REPORTERS = ['teacher', 'youthWorker', 'police'] as const;
export type SignalReporterName = (typeof SIGNAL_REPORTERS)[number];

async function reporter(
  ctx: AppContext,
  world: CaseWorld,
  name: string,
  organisationId: string,
  password: string | undefined,
): Promise<SignalReporter> {
  const email = `${unique('reporter')}@rivierstede.example`;
  const created = await createUser(
    { input: { email, name, organisationId, roles: ['professional'] }, enrolMfa: true, ...(password && { password }) },
    world.tenant.admin,
    ctx,
  );
  const token = await createApiToken({ email, name: 'tests', tenantId: world.tenant.tenantId }, ctx);
  const actor: Actor = actorFor({ tenantId: world.tenant.tenantId, userId: created.user.id, organisationId, roles: ['professional'] });
  return { id: created.user.id, email, name, token: token.token, actor, organisationId, totpSecret: secretOf(created.otpauthUri!) };
}

/** The case world plus the consult point's reporters (all with TEST_PASSWORD unless told otherwise). */
export async function seedSignalWorld(env: TestEnvironment, options: { password?: string; slug?: string } = {}): Promise<SignalWorld> {
  const ctx = env.ctx;
  const password = options.password ?? TEST_PASSWORD;
  const world = await seedCaseWorld(ctx, { password, ...(options.slug && { slug: options.slug }) });
  return {
    ...world,
    env,
    ctx,
    coordinator: world.users.coordinator,
    teacher: await reporter(ctx, world, 'Tine Leerkracht-Fictief', world.organisations.school, password),
    youthWorker: await reporter(ctx, world, 'Yusuf Jeugdwerker-Fictief', world.organisations.community, password),
    police: await reporter(ctx, world, 'Pieter Wijkagent-Fictief', world.organisations.police, password),
  };
}

/** What a test may vary of a reported signal; the rest is a fictional concern. */
export interface ReportOptions {
  readonly anonymous?: boolean;
  readonly kind?: SignalCreate['kind'];
  readonly theme?: SignalCreate['theme'];
  readonly description?: string;
  readonly subject?: SignalSubjectInput;
}

/** A fictional subject for concerns (a minor on the fake clock's default day). */
export const SIGNAL_SUBJECT: SignalSubjectInput = { givenName: 'Sami', familyName: 'Fictief-Signaal', birthDate: '2011-03-09' };

/**
 * Reports a signal as one of the world's reporters (the teacher unless named):
 * `reportSignal(world, {anonymous: true})` or `reportSignal(world, 'youthWorker', {kind: 'consult'})`.
 */
export async function reportSignal(
  world: SignalWorld,
  by: SignalReporterName | ReportOptions = 'teacher',
  options: ReportOptions = {},
): Promise<{ id: string; reference: string }> {
  const reporterName = typeof by === 'string' ? by : 'teacher';
  const chosen = typeof by === 'string' ? options : by;
  const kind = chosen.kind ?? 'concern';
  const input: SignalCreate = {
    kind,
    theme: chosen.theme ?? 'radicalisation',
    description: chosen.description ?? 'Fictional signal: a pupil withdrew from class and speaks of new online friends.',
    reporterAnonymous: chosen.anonymous ?? false,
    ...(chosen.subject ? { subject: chosen.subject } : kind === 'concern' && { subject: SIGNAL_SUBJECT }),
  };
  return createSignal({ input }, world[reporterName].actor, world.ctx);
}

/** A mail the outbox holds (the test environment writes mail as .eml files to DATA_DIR/outbox). */
export interface OutboxMail {
  readonly file: string;
  readonly to: string;
  readonly raw: string;
}

/** Every mail written so far, oldest first; take `.length` before an action and slice after it. */
export function outboxMails(world: SignalWorld): OutboxMail[] {
  const outbox = path.join(world.ctx.config.dataDir, 'outbox');
  if (!existsSync(outbox)) return [];
  return readdirSync(outbox)
    .sort()
    .map((file) => {
      const raw = readFileSync(path.join(outbox, file), 'utf8');
      return { file, to: /^To: (.*)$/m.exec(raw)?.[1]?.trim() ?? '', raw };
    });
}
