import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from './clock.ts';
import { open, seal } from './crypto.ts';
import { newDataKey } from './field-crypto.ts';

export type KeyPurpose = 'fields' | 'blind_index';

export interface TenantKey {
  readonly version: number;
  readonly key: Buffer;
}

const wrapContext = (tenantId: string, purpose: KeyPurpose, version: number) => `tenant_keys:${tenantId}:${purpose}:${version}`;

/**
 * The tenant's data keys: created on first use, stored only wrapped by the master key (bound to
 * tenant, purpose and version), unwrapped once per process. `current` is the newest unretired
 * version (for writing); `version` opens values written with an older one.
 */
export class TenantKeyring {
  readonly #cache = new Map<string, Buffer>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly masterKey: Buffer,
    private readonly clock: Clock,
  ) {}

  async current(tenantId: string, purpose: KeyPurpose): Promise<TenantKey> {
    const found = await this.#newestUnretired(tenantId, purpose);
    if (found) return found;
    // First use. Other nodes (or other requests here) may get here at the same moment: version 1 is
    // inserted by exactly one of them (primary key); the others read the one that won.
    const key = newDataKey();
    const inserted = await this.db
      .insertInto('tenant_keys')
      .values({
        tenant_id: tenantId,
        purpose,
        version: 1,
        wrapped_key: seal(this.masterKey, key.toString('base64'), wrapContext(tenantId, purpose, 1)),
        created_at: this.clock.now().toISOString(),
        retired_at: null,
      })
      .onConflict((conflict) => conflict.columns(['tenant_id', 'purpose', 'version']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      this.#cache.set(`${tenantId}:${purpose}:1`, key);
      return { version: 1, key };
    }
    return (await this.#newestUnretired(tenantId, purpose)) ?? this.rotate(tenantId, purpose);
  }

  async #newestUnretired(tenantId: string, purpose: KeyPurpose): Promise<TenantKey | null> {
    const row = await this.db
      .selectFrom('tenant_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('purpose', '=', purpose)
      .where('retired_at', 'is', null)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { version: Number(row.version), key: this.#unwrap(tenantId, purpose, Number(row.version), row.wrapped_key) } : null;
  }

  async version(tenantId: string, purpose: KeyPurpose, version: number): Promise<Buffer> {
    const cached = this.#cache.get(`${tenantId}:${purpose}:${version}`);
    if (cached) return cached;
    const row = await this.db
      .selectFrom('tenant_keys')
      .select('wrapped_key')
      .where('tenant_id', '=', tenantId)
      .where('purpose', '=', purpose)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw new Error(`No ${purpose} key version ${version} for this tenant`);
    return this.#unwrap(tenantId, purpose, version, row.wrapped_key);
  }

  /**
   * Adds a new key version and retires the older ones for writing (they still open old values). When
   * another node (or another request on this one) adds the same version at the same moment — two first
   * uses of a new network's key, or two rotations — only one insert counts (primary key, `on conflict
   * do nothing`, which on PostgreSQL waits for the other transaction) and this call answers the version
   * that is then current, instead of failing on the duplicate key.
   */
  async rotate(tenantId: string, purpose: KeyPurpose): Promise<TenantKey> {
    const key = newDataKey();
    const now = this.clock.now().toISOString();
    const version = await this.db.transaction().execute(async (trx) => {
      const newest = await trx
        .selectFrom('tenant_keys')
        .select('version')
        .where('tenant_id', '=', tenantId)
        .where('purpose', '=', purpose)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      const next = (newest ? Number(newest.version) : 0) + 1;
      await trx
        .updateTable('tenant_keys')
        .set({ retired_at: now })
        .where('tenant_id', '=', tenantId)
        .where('purpose', '=', purpose)
        .where('retired_at', 'is', null)
        .execute();
      const inserted = await trx
        .insertInto('tenant_keys')
        .values({
          tenant_id: tenantId,
          purpose,
          version: next,
          wrapped_key: seal(this.masterKey, key.toString('base64'), wrapContext(tenantId, purpose, next)),
          created_at: now,
          retired_at: null,
        })
        .onConflict((conflict) => conflict.columns(['tenant_id', 'purpose', 'version']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? next : null;
    });
    // Someone else's version `next` was committed first: it is the current one now.
    if (version === null) {
      const winner = await this.#newestUnretired(tenantId, purpose);
      if (winner) return winner;
      throw new Error(`No current ${purpose} key after a concurrent rotation`);
    }
    this.#cache.set(`${tenantId}:${purpose}:${version}`, key);
    return { version, key };
  }

  #unwrap(tenantId: string, purpose: KeyPurpose, version: number, wrapped: string): Buffer {
    const cacheKey = `${tenantId}:${purpose}:${version}`;
    let key = this.#cache.get(cacheKey);
    if (!key) {
      key = Buffer.from(open(this.masterKey, wrapped, wrapContext(tenantId, purpose, version)), 'base64');
      this.#cache.set(cacheKey, key);
    }
    return key;
  }
}
