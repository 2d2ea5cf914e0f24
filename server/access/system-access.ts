import { PostgresAdapter, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ApiTokenTable, Database, Tenant } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { Locale } from '../platform/config.ts';
import type { Actor, Role } from './actor.ts';

/** Pseudo user id of actions done by the operator through the CLI. */
export const OPERATOR_USER_ID = 'operator';

export interface LoginCandidate {
  readonly id: string;
  readonly tenantId: string;
  readonly organisationId: string;
  readonly status: string;
  readonly passwordHash: string | null;
  readonly mfaEnrolled: boolean;
}

export interface ResolvedPrincipal {
  readonly userId: string;
  readonly tenantId: string;
  readonly organisationId: string;
  readonly status: string;
  readonly locale: string | null;
  readonly roles: Role[];
  readonly name: string;
}

/**
 * systemAccess: the one privileged door. Everything here runs without the tenant guard because it
 * happens before a tenant is known (sign-in, session lookup) or on behalf of the operator. Keep this
 * list short and review every addition; `grep -rn "ctx\.system\." server` shows every use.
 */
const TENANT_CACHE_MS = 30_000;

/** At most this many tokens and users are kept by the principal cache; the oldest go first. */
const PRINCIPAL_CACHE_ENTRIES = 10_000;

/**
 * Who stands behind a token or a session, kept for a few seconds (`principalCacheSeconds`) so that a
 * request does not read the token, the user and the roles again: keyed by token hash (the token row
 * with its owner) and by user id (the owner, for sessions). `forget()` empties it; every change of a
 * token, a user's status, organisation, roles or language on this node calls it after its commit
 * (`systemAccess.principalsChanged`). A lookup that started before a `forget()` does not store what
 * it read (the epoch moved), so a value read before a commit never outlives it here.
 */
export class PrincipalCache {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #tokens = new Map<string, { value: { token: Selectable<ApiTokenTable>; principal: ResolvedPrincipal }; until: number }>();
  readonly #users = new Map<string, { value: ResolvedPrincipal; until: number }>();
  #epoch = 0;

  constructor(ttlMs: number, clock: Clock) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  get epoch(): number {
    return this.#epoch;
  }

  token(tokenHash: string) {
    return this.#fresh(this.#tokens, tokenHash);
  }

  user(userId: string) {
    return this.#fresh(this.#users, userId);
  }

  keepToken(epoch: number, tokenHash: string, value: { token: Selectable<ApiTokenTable>; principal: ResolvedPrincipal }): void {
    this.#keep(this.#tokens, epoch, tokenHash, value);
  }

  keepUser(epoch: number, userId: string, value: ResolvedPrincipal): void {
    this.#keep(this.#users, epoch, userId, value);
  }

  forget(): void {
    this.#epoch++;
    this.#tokens.clear();
    this.#users.clear();
  }

  #fresh<V>(map: Map<string, { value: V; until: number }>, key: string): V | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.until > this.#clock.now().getTime()) return entry.value;
    map.delete(key);
    return undefined;
  }

  #keep<V>(map: Map<string, { value: V; until: number }>, epoch: number, key: string, value: V): void {
    if (this.#ttlMs <= 0 || epoch !== this.#epoch) return;
    if (map.size >= PRINCIPAL_CACHE_ENTRIES) map.delete(map.keys().next().value!);
    map.set(key, { value, until: this.#clock.now().getTime() + this.#ttlMs });
  }
}

/** A chain's event as the verifier's fast path reads it (`auditChainPage`). */
export interface AuditChainRow {
  readonly day: string;
  readonly seq: number;
  readonly tenantId: string | null;
  readonly mac: string;
  /** The covered columns in canonical order as a JSON array, e.g. `["0196…","2026-03-02",…,null]`. */
  readonly contentJson: string;
}

/**
 * The columns an audit event's MAC covers, in the canonical order of `canonicalContent`
 * (modules/audit/audit-chain.ts); verify-audit-chain.int.test.ts checks that the two agree.
 */
const COVERED_COLUMNS = [
  'id',
  'day',
  'occurred_at',
  'tenant_id',
  'actor_user_id',
  'actor_organisation_id',
  'actor_roles',
  'action',
  'resource_type',
  'resource_id',
  'case_id',
  'person_pseudonym',
  'purpose',
  'legal_basis',
  'decision',
  'request_id',
  'details',
] as const;

/**
 * The covered columns as one compact JSON array of strings and nulls, built by the database: it saves
 * the verifier reading 17 values per event and spelling them again with JSON.stringify (on PostgreSQL
 * the server does it on another core). Both spell strings as JSON.stringify does (the same escapes,
 * lower-case \u00xx, other characters as they are), so for what the application writes the text is
 * byte for byte the one that was MACed. Where the spelling ever differed the fast path would only
 * fail to match, and the verifier falls back to reading the day column by column (never a false pass).
 * SQLite: a BLOB in a text column (no writer of ours puts one there) is read as its bytes, since
 * json_array refuses BLOBs.
 */
function coveredColumnsAsJson(db: Kysely<Database>) {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return sql<string>`array_to_json(array[${sql.join(COVERED_COLUMNS.map((column) => sql.ref(column)))}])::text`;
  }
  return sql<string>`json_array(${sql.join(COVERED_COLUMNS.map((column) => sql`cast(${sql.ref(column)} as text)`))})`;
}

export function createSystemAccess(raw: Kysely<Database>, principals: PrincipalCache | null = null) {
  const tenantCache = new Map<string, { tenant: Tenant; until: number }>();

  async function rolesOf(db: Kysely<Database>, userId: string): Promise<Role[]> {
    const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
    return rows.map((row) => row.role as Role);
  }

  async function principal(userId: string): Promise<ResolvedPrincipal | null> {
    const cached = principals?.user(userId);
    if (cached) return cached;
    const epoch = principals?.epoch ?? 0;
    const found = await loadPrincipal(userId);
    if (found) principals?.keepUser(epoch, userId, found);
    return found;
  }

  async function loadPrincipal(userId: string): Promise<ResolvedPrincipal | null> {
    const user = await raw
      .selectFrom('users')
      .select(['id', 'tenant_id', 'organisation_id', 'status', 'locale', 'name'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) return null;
    return {
      userId: user.id,
      tenantId: user.tenant_id,
      organisationId: user.organisation_id,
      status: user.status,
      locale: user.locale,
      name: user.name,
      roles: await rolesOf(raw, user.id),
    };
  }

  return {
    async countTenants(): Promise<number> {
      const row = await raw
        .selectFrom('tenants')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The tenant whose defaults apply to visitors: the only one, or none when several share a host. */
    async soleTenant(): Promise<Tenant | null> {
      const rows = await raw.selectFrom('tenants').selectAll().limit(2).execute();
      return rows.length === 1 ? rows[0]! : null;
    },

    async tenantBySlug(slug: string): Promise<Tenant | null> {
      return (await raw.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst()) ?? null;
    },

    /**
     * A tenant by id, read on every request: kept for a short while, since tenants change rarely
     * (name and default language) and a few seconds of staleness there harm nothing.
     */
    async tenantById(id: string): Promise<Tenant | null> {
      const cached = tenantCache.get(id);
      if (cached && cached.until > Date.now()) return cached.tenant;
      const tenant = (await raw.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
      if (tenant) tenantCache.set(id, { tenant, until: Date.now() + TENANT_CACHE_MS });
      return tenant;
    },

    /**
     * Sign-in looks an address up before any tenant is known. An address may have an account in
     * several networks (ADR 0020): every one is returned, oldest first.
     */
    async loginCandidates(email: string): Promise<LoginCandidate[]> {
      const rows = await raw
        .selectFrom('users')
        .select(['id', 'tenant_id', 'organisation_id', 'status', 'password_hash', 'mfa_enrolled_at'])
        .where('email', '=', email)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        tenantId: row.tenant_id,
        organisationId: row.organisation_id,
        status: row.status,
        passwordHash: row.password_hash,
        mfaEnrolled: row.mfa_enrolled_at !== null,
      }));
    },

    /** Resolves a session cookie (by the hash of its id) to its session row and principal. */
    async sessionPrincipal(idHash: string) {
      const session = await raw.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      if (!session) return null;
      const who = await principal(session.user_id);
      return who ? { session, principal: who } : null;
    },

    async touchSession(idHash: string, lastSeenAt: string): Promise<void> {
      await raw.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id_hash', '=', idHash).execute();
    },

    /**
     * Resolves a Bearer token (by its hash) to the token and its owner. A revoked or expired token (or
     * one without an expiry) answers null, exactly like an unknown one.
     */
    async tokenPrincipal(tokenHash: string, now: Date): Promise<{ token: Selectable<ApiTokenTable>; principal: ResolvedPrincipal } | null> {
      const live = (token: Selectable<ApiTokenTable>) =>
        !token.revoked_at && token.expires_at !== null && now.getTime() < Date.parse(token.expires_at);
      const cached = principals?.token(tokenHash);
      if (cached) return live(cached.token) ? cached : null;
      const epoch = principals?.epoch ?? 0;
      const token = await raw.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!token || !live(token)) return null;
      const who = await principal(token.user_id);
      if (!who) return null;
      const found = { token, principal: who };
      principals?.keepToken(epoch, tokenHash, found);
      return found;
    },

    /**
     * Records a token's last use. The caller throttles it (once a minute per token); the cached
     * token row takes the new time, so the throttle holds while the row comes from the cache.
     */
    async markTokenUsed(token: Selectable<ApiTokenTable>, at: string): Promise<void> {
      token.last_used_at = at;
      await raw.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', token.id).execute();
    },

    /**
     * A token, a user's status, organisation, roles or language changed on this node: forget every
     * cached principal at once. Called by the use cases after their commit.
     */
    principalsChanged(): void {
      principals?.forget();
    },

    /** The operator (CLI) acts as an administrator of one tenant. */
    operatorActor(tenant: Pick<Tenant, 'id'>, organisationId = ''): Actor {
      return {
        tenantId: tenant.id,
        userId: OPERATOR_USER_ID,
        organisationId,
        roles: new Set<Role>(['admin']),
        locale: null,
        authentication: { kind: 'token', tokenId: 'operator-cli' },
      };
    },

    /** Creates a tenant (CLI `tenant create`, first-run setup). */
    async createTenant(
      row: { id: string; slug: string; name: string; defaultLocale: Locale; createdAt: string },
      trx: Kysely<Database> | Transaction<Database> = raw,
    ): Promise<void> {
      await trx
        .insertInto('tenants')
        .values({ id: row.id, slug: row.slug, name: row.name, default_locale: row.defaultLocale, created_at: row.createdAt })
        .execute();
    },

    /**
     * Claims a one-time installation step (first-run setup) with one insert on a primary key, inside
     * the caller's transaction (`on conflict do nothing`). False when it was claimed already: on
     * PostgreSQL a parallel insert waits for the winner's commit and then inserts nothing.
     */
    async claimInstallationStep(trx: Transaction<Database>, name: string, at: string): Promise<boolean> {
      const inserted = await trx
        .insertInto('installation_claims')
        .values({ name, claimed_at: at })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /**
     * Runs read-only work on one consistent snapshot of the database (PostgreSQL: a read-only
     * repeatable-read transaction; SQLite in WAL mode: a read transaction). For `audit verify`, which
     * reads the segment heads and then their events while the nodes go on writing: without one
     * snapshot it would see events committed after the heads it read, and call them inserted. Give
     * the transaction to createSystemAccess for the reads.
     */
    snapshot<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return raw.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
    },

    /** Runs work in one transaction on the unguarded connection (first-run setup only). */
    transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return raw.transaction().execute(work);
    },

    /** Every audit segment head, per chain, oldest first (operator `audit verify`). */
    async auditSegments() {
      return raw.selectFrom('audit_segments').selectAll().orderBy('chain').orderBy('day').execute();
    },

    /** One chain's day of audit events in chain order (operator `audit verify`). */
    async auditEventsOfDay(chain: string, day: string) {
      return raw.selectFrom('audit_events').selectAll().where('chain', '=', chain).where('day', '=', day).orderBy('seq').execute();
    },

    /**
     * One page of a chain's audit events in chain order (day, then seq), after the position given
     * (operator `audit verify`, which reads a chain in pages so that its memory stays bounded for any
     * size of day). Each row carries only what the verifier's fast path needs: the day, seq, tenant
     * and MAC, and the covered columns as one JSON array spelt by the database (`contentJson`).
     */
    async auditChainPage(chain: string, after: { readonly day: string; readonly seq: number }, limit: number): Promise<AuditChainRow[]> {
      return raw
        .selectFrom('audit_events')
        .select(['day', 'seq', 'tenant_id as tenantId', 'mac', coveredColumnsAsJson(raw).as('contentJson')])
        .where('chain', '=', chain)
        .where(({ eb, refTuple, tuple }) => eb(refTuple('day', 'seq'), '>', tuple(after.day, after.seq)))
        .orderBy('day')
        .orderBy('seq')
        .limit(limit)
        .execute();
    },

    /** The (chain, day) pairs that have events, to find events outside any segment. */
    async auditEventDays(): Promise<{ chain: string; day: string }[]> {
      return raw.selectFrom('audit_events').select(['chain', 'day']).distinct().orderBy('chain').orderBy('day').execute();
    },

    /** A one-time link token (by hash) and its user: the link itself is the only credential. */
    async userTokenByHash(tokenHash: string) {
      const token = await raw.selectFrom('user_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!token) return null;
      const user = await raw
        .selectFrom('users')
        .select(['id', 'tenant_id', 'organisation_id', 'email', 'name', 'status', 'locale', 'mfa_enrolled_at'])
        .where('id', '=', token.user_id)
        .executeTakeFirst();
      return user ? { token, user } : null;
    },

    /** The accounts of an address across tenants (operator CLI `token create`); one per network at most (ADR 0020). */
    async usersByEmail(email: string) {
      return raw
        .selectFrom('users')
        .select(['id', 'tenant_id', 'organisation_id', 'status'])
        .where('email', '=', email)
        .orderBy('tenant_id')
        .execute();
    },

    /**
     * Every tenant's id and slug, by slug (operator `keys rotate` without --tenant): rotating the
     * data keys is an installation-wide maintenance task, so the operator must be able to walk every
     * network; the rotation itself then works inside one tenant at a time on the guarded connection.
     */
    async tenantsForMaintenance(): Promise<{ id: string; slug: string }[]> {
      return raw.selectFrom('tenants').select(['id', 'slug']).orderBy('slug').execute();
    },
  };
}

export type SystemAccess = ReturnType<typeof createSystemAccess>;
