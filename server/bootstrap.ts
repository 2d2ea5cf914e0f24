import { createSystemAccess, PrincipalCache } from './access/system-access.ts';
import { TenantGuardPlugin } from './access/tenant-guard.ts';
import type { AppContext } from './context.ts';
// The audit log is part of every context; through the module's index it would close a loading cycle
// (index → crash-driver → bootstrap), so the one file is imported directly.
// eslint-disable-next-line partnertafel/module-boundaries
import { AuditLog, type AuditLogSeams } from './modules/audit/audit-log.ts';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './db/database.ts';
import { markTransactions } from './db/transaction-scope.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { loadOrCreateMasterKey } from './platform/crypto.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { createMailer, type Mailer } from './platform/mailer.ts';
import { TenantKeyring } from './platform/tenant-keyring.ts';

/** Builds the AppContext from a database handle: the guarded view for modules, systemAccess beside it. */
export function contextFromHandle(
  handle: DatabaseHandle,
  options: { config: Config; masterKey: Buffer; clock?: Clock; logger?: Logger; mailer?: Mailer; auditSeams?: AuditLogSeams },
): AppContext {
  const db = markTransactions(handle.db.withPlugin(new TenantGuardPlugin()));
  const clock = options.clock ?? systemClock;
  return {
    config: options.config,
    handle,
    db,
    system: createSystemAccess(handle.db, new PrincipalCache(options.config.principalCacheSeconds * 1000, clock)),
    clock,
    masterKey: options.masterKey,
    audit: new AuditLog({ db, clock, masterKey: options.masterKey, ...(options.auditSeams && { seams: options.auditSeams }) }),
    keyring: new TenantKeyring(db, options.masterKey, clock),
    logger: options.logger ?? createLogger(options.config.logLevel),
    mailer: options.mailer ?? createMailer({ smtpUrl: options.config.smtpUrl, dataDir: options.config.dataDir, from: options.config.mailFrom }),
  };
}

/**
 * Opens the configured database, brings its schema up to date and loads (or on first start creates)
 * the master key.
 */
export async function bootstrap(
  config: Config,
  options: { logger?: Logger; migrate?: boolean; clock?: Clock } = {},
): Promise<{ ctx: AppContext; masterKeyCreated?: string }> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const masterKey = loadOrCreateMasterKey(config.masterKey);
  const handle = openDatabase(config);
  try {
    if (options.migrate !== false) await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    ctx: contextFromHandle(handle, { config, masterKey: masterKey.key, logger, ...(options.clock && { clock: options.clock }) }),
    ...(masterKey.createdFile && { masterKeyCreated: masterKey.createdFile }),
  };
}
