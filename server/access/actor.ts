import type { Locale } from '../platform/config.ts';

export const ROLES = ['admin', 'coordinator', 'minute_taker', 'professional', 'analyst', 'dpo'] as const;
export type Role = (typeof ROLES)[number];

/** How the actor proved who they are. MFA state lives here so the next step can require it. */
export type Authentication =
  | { readonly kind: 'session'; readonly sessionIdHash: string; readonly authenticatedAt: string; readonly mfaVerified: boolean }
  | { readonly kind: 'token'; readonly tokenId: string };

/** The signed-in person on whose behalf a request runs. Built once per request, never from input. */
export interface Actor {
  readonly tenantId: string;
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: ReadonlySet<Role>;
  readonly locale: Locale | null;
  readonly authentication: Authentication;
  /** The request this actor acts in, for the audit trail. */
  readonly requestId?: string;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.has(role);
}
