import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import type { ResolvedPrincipal } from '../access/system-access.ts';
import type { Tenant } from '../db/schema.ts';
import type { AppContext } from '../context.ts';
import { sha256 } from '../platform/crypto.ts';
import type { Locale } from '../platform/config.ts';
import { SESSION_TOUCH_INTERVAL_MS, sessionState } from '../access/session-rules.ts';
import type { recordAuditEvent } from '../modules/audit/index.ts';
import { chooseLocale, isLocale, localeFromAcceptLanguage, translator, type Translate } from '../ui/i18n.ts';
import type { CookiePolicy } from './cookies.ts';
import { AppError } from '../platform/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null for a visitor. Rebuilt from the database on every request. */
    actor: Actor | null;
    /** A session that passed the password step but not yet the second factor (or its enrolment). */
    pendingSignIn: { readonly tenantId: string; readonly userId: string; readonly sessionIdHash: string; readonly locale: Locale | null } | null;
    tenant: Tenant | null;
    locale: Locale;
    t: Translate;
    displayName: string | null;
  }
}

function toActor(principal: ResolvedPrincipal, authentication: Actor['authentication']): Actor {
  return {
    tenantId: principal.tenantId,
    userId: principal.userId,
    organisationId: principal.organisationId,
    roles: new Set(principal.roles),
    locale: isLocale(principal.locale) ? principal.locale : null,
    authentication,
  };
}

/** `Authorization: Bearer <token>` → actor; an unknown, revoked, expired or disabled token is a 401. */
async function actorFromBearer(ctx: AppContext, token: string): Promise<{ actor: Actor; name: string }> {
  const now = ctx.clock.now();
  const found = await ctx.system.tokenPrincipal(sha256(token), now);
  if (!found || found.principal.status !== 'active') throw new AppError('unauthenticated');
  const lastUsed = found.token.last_used_at ? Date.parse(found.token.last_used_at) : 0;
  if (now.getTime() - lastUsed > SESSION_TOUCH_INTERVAL_MS) await ctx.system.markTokenUsed(found.token, now.toISOString());
  return { actor: toActor(found.principal, { kind: 'token', tokenId: found.token.id }), name: found.principal.name };
}

type SessionResolution = { actor: Actor; name: string } | { pending: NonNullable<FastifyRequest['pendingSignIn']> } | null;

/**
 * Session cookie → actor (full session), pending sign-in (password given, second factor not yet), or
 * null when absent, expired or its user is disabled (then the cookie is cleared).
 */
/** How the request pipeline records the end of an expired session: the audit module's writer, given by the app. */
export type SessionEndRecorder = typeof recordAuditEvent;

async function actorFromSession(
  ctx: AppContext,
  sessionId: string,
  reply: FastifyReply,
  cookies: CookiePolicy,
  recordAuditEvent: SessionEndRecorder,
): Promise<SessionResolution> {
  const idHash = sha256(sessionId);
  const found = await ctx.system.sessionPrincipal(idHash);
  const now = ctx.clock.now();
  const state = found ? sessionState(found.session, now) : null;
  if (!found || found.principal.status !== 'active' || state !== 'valid') {
    if (found) {
      const reason = found.principal.status !== 'active' ? 'account_disabled' : state === 'idle_expired' ? 'idle' : 'absolute_timeout';
      await ctx.system.transaction(async (trx) => {
        const deleted = await trx.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
        // Two requests may find the same expired session; only the one that removed it records the end.
        if (Number(deleted.numDeletedRows) !== 1) return;
        await recordAuditEvent(trx, ctx, {
          subject: {
            tenantId: found.principal.tenantId,
            userId: found.principal.userId,
            organisationId: found.principal.organisationId,
            roles: found.principal.roles,
          },
          action: 'auth.session_ended',
          resource: { type: 'session' },
          details: { reason },
        });
      });
      if (reason !== 'account_disabled') reply.setCookie(cookies.flash, 'flash.signed_out_idle', { ...cookies.options, maxAge: 60 });
    }
    reply.clearCookie(cookies.session, { path: '/' });
    return null;
  }
  if (found.session.mfa_verified_at === null) {
    return {
      pending: {
        tenantId: found.principal.tenantId,
        userId: found.principal.userId,
        sessionIdHash: idHash,
        locale: isLocale(found.principal.locale) ? found.principal.locale : null,
      },
    };
  }
  if (now.getTime() - Date.parse(found.session.last_seen_at) > SESSION_TOUCH_INTERVAL_MS) {
    await ctx.system.touchSession(idHash, now.toISOString());
  }
  const authentication = {
    kind: 'session',
    sessionIdHash: idHash,
    authenticatedAt: found.session.authenticated_at,
    mfaVerified: found.session.mfa_verified_at !== null,
  } as const;
  return { actor: toActor(found.principal, authentication), name: found.principal.name };
}

/**
 * onRequest: who is asking (Bearer token or session cookie), for which tenant, in which language.
 * API requests may override the language with Accept-Language (API.md); pages follow the user.
 */
export function resolveRequestContext(ctx: AppContext, cookies: CookiePolicy, recordAuditEvent: SessionEndRecorder) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    request.actor = null;
    request.pendingSignIn = null;
    request.displayName = null;
    request.tenant = null;
    // A first guess, so that an error raised below is still answered in a language the caller reads.
    request.locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? 'nl';
    request.t = translator(request.locale);
    const authorization = request.headers.authorization;
    let resolved: SessionResolution = null;
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(authorization);
      if (!match) throw new AppError('unauthenticated');
      resolved = await actorFromBearer(ctx, match[1]!);
    } else {
      const sessionId = request.cookies[cookies.session];
      if (sessionId) resolved = await actorFromSession(ctx, sessionId, reply, cookies, recordAuditEvent);
    }
    if (resolved && 'pending' in resolved) {
      request.pendingSignIn = resolved.pending;
    } else if (resolved) {
      request.actor = { ...resolved.actor, requestId: request.id };
      request.displayName = resolved.name;
    }
    const tenantId = request.actor?.tenantId ?? request.pendingSignIn?.tenantId;
    request.tenant = tenantId ? await ctx.system.tenantById(tenantId) : await ctx.system.soleTenant();
    const tenantDefault = isLocale(request.tenant?.default_locale) ? request.tenant.default_locale : 'nl';
    const visitorChoice = request.cookies[cookies.visitorLocale];
    const isApi = request.url.startsWith('/api/');
    request.locale = chooseLocale({
      signedIn: request.actor !== null && !(isApi && request.headers['accept-language']),
      userLocale: request.actor?.locale ?? null,
      visitorChoice: !isApi && isLocale(visitorChoice) ? visitorChoice : null,
      acceptLanguage: request.headers['accept-language'],
      tenantDefault,
      accountLocale: request.pendingSignIn?.locale ?? null,
    });
    request.t = translator(request.locale);
  };
}
