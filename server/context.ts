import type { Kysely } from 'kysely';
import type { SystemAccess } from './access/system-access.ts';
import type { AuditLog } from './modules/audit/index.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { Database } from './db/schema.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Logger } from './platform/logger.ts';
import type { Mailer } from './platform/mailer.ts';
import type { TenantKeyring } from './platform/tenant-keyring.ts';

/**
 * What a use case may use. `db` is tenant-guarded: a query that forgets the tenant throws. The only
 * way around the guard is `system`, a short list of named privileged operations.
 */
export interface AppContext {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly system: SystemAccess;
  readonly clock: Clock;
  readonly masterKey: Buffer;
  readonly logger: Logger;
  readonly mailer: Mailer;
  /** The tenants' data keys for sealed fields and blind indexes. */
  readonly keyring: TenantKeyring;
  /** The audit chains as this node writes them: cached heads and the group commit (one per handle). */
  readonly audit: AuditLog;
  /** The raw handle, for health checks and shutdown only. */
  readonly handle: DatabaseHandle;
}
