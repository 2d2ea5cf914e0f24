import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { hashPassword } from '../../platform/passwords.ts';
import type { User, UserCreate } from './accounts.schemas.ts';
import { presentUser } from './accounts.presenter.ts';
import { emailTakenInNetwork, findOrganisation, findUser } from './accounts.queries.ts';
import { combinesOversightWithCaseRole } from './accounts.policy.ts';
import { OPERATOR_USER_ID } from '../../access/system-access.ts';
import { hashRecoveryCode, newRecoveryCodes, newTotp, sealTotpSecret } from './mfa.ts';

export interface CreatedUser {
  readonly user: User;
  /** Present when the user was enrolled in MFA at creation (operator CLI). Shown once. */
  readonly otpauthUri?: string;
  readonly recoveryCodes?: string[];
}

/** The validation error of a role set that puts a case role beside `admin` or `dpo`. */
export const COMBINED_ROLES_ISSUE = { path: 'roles', messageKey: 'validation.roles_oversight_with_case_role' } as const;

/**
 * An administrator adds a user. The operator CLI may also set the password and enrol MFA at once
 * (`enrolMfa`), so scripts can sign in; in the browser the invitation flow does that. A case role
 * beside `admin` or `dpo` is refused, unless the operator grants it explicitly
 * (`allowCombinedRoles`, CLI only), which is audited as `user.roles_combined_by_operator`.
 */
export async function createUser(
  options: { input: UserCreate; password?: string; enrolMfa?: boolean; issuer?: string; allowCombinedRoles?: boolean },
  actor: Actor,
  ctx: AppContext,
): Promise<CreatedUser> {
  authorize(actor, 'users.create');
  const { input } = options;
  const roles = [...new Set(input.roles)].sort();
  const combined = combinesOversightWithCaseRole(roles);
  if (combined && !(options.allowCombinedRoles === true && actor.userId === OPERATOR_USER_ID)) {
    throw new AppError('validation_failed', [COMBINED_ROLES_ISSUE]);
  }
  if (!(await findOrganisation(ctx.db, actor, input.organisationId))) {
    throw new AppError('validation_failed', [{ path: 'organisationId', messageKey: 'validation.unknown_organisation' }]);
  }
  if (await emailTakenInNetwork(ctx.db, actor, input.email)) {
    throw new AppError('validation_failed', [{ path: 'email', messageKey: 'validation.email_taken' }]);
  }
  const id = newId();
  const now = isoNow(ctx.clock);
  const passwordHash = options.password === undefined ? null : await hashPassword(options.password);
  const totp = options.enrolMfa ? newTotp(input.email, options.issuer ?? 'Partnertafel') : undefined;
  const recoveryCodes = options.enrolMfa ? newRecoveryCodes() : undefined;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        tenant_id: actor.tenantId,
        organisation_id: input.organisationId,
        email: input.email,
        name: input.name,
        locale: input.locale ?? null,
        status: 'active',
        password_hash: passwordHash,
        mfa_secret_sealed: totp ? sealTotpSecret(ctx.masterKey, id, totp.secretBase32) : null,
        mfa_enrolled_at: totp ? now : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('user_roles')
      .values(roles.map((role) => ({ tenant_id: actor.tenantId, user_id: id, role })))
      .execute();
    if (recoveryCodes) {
      await trx
        .insertInto('recovery_codes')
        .values(
          recoveryCodes.map((code) => ({ id: newId(), tenant_id: actor.tenantId, user_id: id, code_hash: hashRecoveryCode(code), used_at: null })),
        )
        .execute();
    }
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'user.created',
      resource: { type: 'user', id },
      requestId: actor.requestId ?? null,
      details: { roles, mfaEnrolled: Boolean(totp), passwordSet: passwordHash !== null },
    });
    if (combined) {
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'user.roles_combined_by_operator',
        resource: { type: 'user', id },
        requestId: actor.requestId ?? null,
        details: { roles },
      });
    }
  });
  const user = presentUser((await findUser(ctx.db, actor, id))!);
  return { user, ...(totp && { otpauthUri: totp.otpauthUri }), ...(recoveryCodes && { recoveryCodes }) };
}
