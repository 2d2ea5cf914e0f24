import type { CookieSerializeOptions } from '@fastify/cookie';

export interface CookiePolicy {
  readonly session: string;
  readonly csrf: string;
  readonly visitorLocale: string;
  readonly flash: string;
  readonly options: CookieSerializeOptions;
}

/**
 * Cookie names and attributes. Over https every cookie is `__Host-` prefixed, Secure, HttpOnly,
 * SameSite=Lax, Path=/ and host-only. The one exception: when PUBLIC_URL is plain http (a developer's
 * localhost), browsers refuse Secure and `__Host-` cookies there, so both are dropped — nothing else
 * changes. Production must run behind https (docs/security.md).
 */
export function cookiePolicy(publicUrl: string): CookiePolicy {
  const secure = publicUrl.startsWith('https://');
  const prefix = secure ? '__Host-' : '';
  return {
    session: `${prefix}pt_session`,
    csrf: `${prefix}pt_csrf`,
    visitorLocale: `${prefix}pt_lang`,
    flash: `${prefix}pt_flash`,
    options: { path: '/', httpOnly: true, secure, sameSite: 'lax' },
  };
}
