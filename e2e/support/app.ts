import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Role } from '../../server/access/actor.ts';
import type { AppContext } from '../../server/context.ts';
import { serve } from '../../server/main.ts';
import { updateUser } from '../../server/modules/accounts/index.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { createTestDatabase, type DatabaseTarget } from '../../server/test/databases.ts';

export interface RunningApp {
  /** Base address, e.g. http://localhost:41234 */
  readonly url: string;
  /** The one-time first-run link; always present because every run starts on an empty database. */
  readonly setupUrl: string;
  readonly databaseKind: DatabaseTarget['kind'];
  /**
   * What the operator does on the command line, for journeys that need it: give an existing user
   * these roles (the operator may; nobody may change their own roles in the application).
   */
  grantRolesAsOperator(email: string, roles: readonly Role[]): Promise<void>;
  stop(): Promise<void>;
}

/** The operator's role grant for a running app's context (see RunningApp.grantRolesAsOperator). */
export function operatorGrant(ctx: AppContext): RunningApp['grantRolesAsOperator'] {
  return async (email, roles) => {
    const user = await ctx.handle.db.selectFrom('users').select(['id', 'tenant_id']).where('email', '=', email).executeTakeFirstOrThrow();
    await updateUser({ id: user.id, input: { roles: [...roles] } }, ctx.system.operatorActor({ id: user.tenant_id }), ctx);
  };
}

/**
 * Starts the real application in this process on a fresh, empty database of the target kind
 * (SQLite in a temp DATA_DIR, or a throw-away PostgreSQL database) on a free port.
 */
export async function startApp(target: DatabaseTarget): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-e2e-'));
  const database = target.kind === 'postgres' ? await createTestDatabase(target) : null;
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ...(database ? { DATABASE_URL: database.location } : {}),
    });
    const server = await serve(config, { port: 0, quiet: true });
    if (!server.setupUrl) throw new Error('A fresh database must offer the one-time setup link, but serve() returned none.');
    return {
      url: server.url,
      setupUrl: server.setupUrl,
      databaseKind: target.kind,
      grantRolesAsOperator: operatorGrant(server.ctx),
      stop: async () => {
        try {
          await server.stop();
        } finally {
          await database?.dispose();
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
