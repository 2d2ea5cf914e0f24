import type { LoginCandidate } from '../../access/system-access.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { open, seal, sha256 } from '../../platform/crypto.ts';
import { dummyPasswordHash, verifyPassword } from '../../platform/passwords.ts';
import { ANONYMOUS, recordAuditEvent } from '../audit/index.ts';
import { prepareEnrolment } from './mfa-enrolment.ts';
import { dropSession, startSession } from './sessions.ts';
import { accountKey, addressKey, assertNotThrottled, claimAttempt, clearFailures, recordFailure } from './sign-in-throttle.ts';

export interface PasswordStep {
  readonly next: 'mfa' | 'mfa_enrolment';
  /** The id of the new pending session (cookie value). */
  readonly sessionId: string;
  /** For enrolment: the authenticator key to show (QR code and text). */
  readonly otpauthUri?: string;
  readonly tenantId: string;
  readonly userId: string;
}

/** The password matched accounts in several networks: the user picks one (ADR 0020). */
export interface NetworkChoice {
  readonly next: 'choose_network';
  /** Sealed list of the matching accounts, valid for a few minutes; only this server can open it. */
  readonly choiceToken: string;
  /** Only the networks whose account the password opened. */
  readonly networks: { slug: string; name: string }[];
}

/**
 * Every sign-in verifies at least this many argon2 hashes (the dummy hash fills the gap), so the
 * time taken does not tell whether an address has no, one or a few accounts (ADR 0020).
 */
export const SIGN_IN_HASH_SLOTS = 3;
const CHOICE_LIFETIME_MS = 10 * 60 * 1000;
const CHOICE_ASSOCIATED_DATA = 'partnertafel sign-in network choice v1';

interface SignInOptions {
  ip?: string;
  requestId?: string;
  userAgent?: string;
  previousSessionId?: string;
  issuer?: string;
}

/**
 * First step of sign-in: email and password. One address may have an account in several networks
 * (ADR 0020); the password is checked against each of them, with constant work. Unknown email, wrong
 * password, disabled account and an account without a password all give the same
 * `invalid_credentials` and count against the same throttles, so the answer does not reveal which
 * accounts exist. One match starts a pending session (the browser's previous session, if any, is
 * dropped): nothing but the second factor — or enrolling one — is possible with it. Several matches
 * answer a choice of network, named only for the accounts the password opened.
 */
export async function signInWithPassword(
  options: SignInOptions & { email: string; password: string },
  ctx: AppContext,
): Promise<PasswordStep | NetworkChoice> {
  const now = ctx.clock.now();
  const account = accountKey(options.email);
  const address = addressKey(options.ip ?? 'local');
  await assertNotThrottled(ctx.db, now, [address]);
  await claimAttempt(ctx, account);
  const candidates = await ctx.system.loginCandidates(options.email);
  const dummy = await dummyPasswordHash();
  const slots = Math.max(SIGN_IN_HASH_SLOTS, candidates.length);
  const verdicts = await Promise.all(
    Array.from({ length: slots }, (_, index) => verifyPassword(candidates[index]?.passwordHash ?? dummy, options.password)),
  );
  const matched = candidates.filter(
    (candidate, index) => candidate.passwordHash !== null && verdicts[index] === true && candidate.status === 'active',
  );
  if (matched.length === 0) {
    await recordFailure(ctx, [address]);
    await recordPasswordFailures(ctx, candidates, options.requestId);
    throw new AppError('invalid_credentials');
  }
  await clearFailures(ctx, [account]);
  if (matched.length === 1) return startPendingSignIn(ctx, matched[0]!, options.email, options);
  const networks = await Promise.all(matched.map(async (candidate) => ctx.system.tenantById(candidate.tenantId)));
  const choiceToken = seal(
    ctx.masterKey,
    JSON.stringify({ userIds: matched.map((candidate) => candidate.id), email: options.email, expiresAt: now.getTime() + CHOICE_LIFETIME_MS }),
    CHOICE_ASSOCIATED_DATA,
  );
  return {
    next: 'choose_network',
    choiceToken,
    networks: networks
      .filter((tenant) => tenant !== null)
      .map((tenant) => ({ slug: tenant.slug, name: tenant.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Sign-in, between the steps: the user whose password opened accounts in several networks picks
 * one. The choice token proves the password was right a few minutes ago; the network must be one of
 * those it names and the account must still be active. Anything else is `invalid_credentials`.
 */
export async function chooseSignInNetwork(options: SignInOptions & { choiceToken: string; network: string }, ctx: AppContext): Promise<PasswordStep> {
  let choice: { userIds: string[]; email: string; expiresAt: number };
  try {
    choice = JSON.parse(open(ctx.masterKey, options.choiceToken, CHOICE_ASSOCIATED_DATA)) as typeof choice;
  } catch {
    throw new AppError('invalid_credentials');
  }
  if (!(ctx.clock.now().getTime() < choice.expiresAt)) throw new AppError('invalid_credentials');
  const tenant = await ctx.system.tenantBySlug(options.network);
  const candidates = await ctx.system.loginCandidates(choice.email);
  const chosen = candidates.find(
    (candidate) =>
      tenant !== null &&
      candidate.tenantId === tenant.id &&
      choice.userIds.includes(candidate.id) &&
      candidate.status === 'active' &&
      candidate.passwordHash,
  );
  if (!chosen || !tenant) throw new AppError('invalid_credentials');
  return startPendingSignIn(ctx, chosen, choice.email, { ...options, issuer: `Partnertafel ${tenant.name}` });
}

async function startPendingSignIn(ctx: AppContext, candidate: LoginCandidate, email: string, options: SignInOptions): Promise<PasswordStep> {
  if (options.previousSessionId) await dropSession(ctx, { tenantId: candidate.tenantId, sessionIdHash: sha256(options.previousSessionId) });
  const otpauthUri = candidate.mfaEnrolled
    ? undefined
    : await prepareEnrolment(ctx, { tenantId: candidate.tenantId, userId: candidate.id, email, issuer: options.issuer ?? 'Partnertafel' });
  const session = await startSession(ctx, { tenantId: candidate.tenantId, userId: candidate.id, mfaVerified: false, userAgent: options.userAgent });
  return {
    sessionId: session.id,
    next: candidate.mfaEnrolled ? 'mfa' : 'mfa_enrolment',
    ...(otpauthUri && { otpauthUri }),
    tenantId: candidate.tenantId,
    userId: candidate.id,
  };
}

/** One `auth.sign_in_failed` per account of the address (each network's DPO sees its own), or one anonymous event. */
async function recordPasswordFailures(ctx: AppContext, candidates: readonly LoginCandidate[], requestId?: string) {
  await ctx.db.transaction().execute(async (trx) => {
    if (candidates.length === 0) {
      await recordAuditEvent(trx, ctx, {
        subject: ANONYMOUS,
        action: 'auth.sign_in_failed',
        resource: { type: 'session' },
        decision: 'deny',
        requestId: requestId ?? null,
        details: { reason: 'unknown_account', step: 'password' },
      });
      return;
    }
    for (const candidate of candidates) {
      const reason = candidate.status !== 'active' ? 'account_disabled' : 'wrong_password';
      await recordAuditEvent(trx, ctx, {
        subject: { ...ANONYMOUS, tenantId: candidate.tenantId, userId: candidate.id, organisationId: candidate.organisationId },
        action: 'auth.sign_in_failed',
        resource: { type: 'session' },
        decision: 'deny',
        requestId: requestId ?? null,
        details: { reason, step: 'password' },
      });
    }
  });
}
