import type { FastifyInstance } from 'fastify';
import type { Locale } from '../platform/config.ts';
import type { CaseWorld, WorldActor } from './case-world.ts';
import { nextTotpCode, TEST_PASSWORD, type TestEnvironment } from './harness.ts';
import { PageClient, signInWithPages } from './page-client.ts';

/**
 * The case world's people in the browser pages of one test file: `client(who)` signs the person in
 * through the sign-in pages on first use and keeps the client (its session and CSRF token) for the
 * file's later tests; `setLocale(who, locale)` sets the language their pages come in.
 *
 * `current` answers the file's environment, app and world: they are made in `before()`, after this
 * is called in the `describe` body.
 */
export function worldPages(current: () => { env: TestEnvironment; app: FastifyInstance; world: CaseWorld }) {
  const clients = new Map<WorldActor, PageClient>();
  return {
    client: async (who: WorldActor): Promise<PageClient> => {
      const known = clients.get(who);
      if (known) return known;
      const { env, app, world } = current();
      const user = world.users[who];
      const signed = new PageClient(app);
      await signInWithPages(signed, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      clients.set(who, signed);
      return signed;
    },
    setLocale: async (who: WorldActor, locale: Locale): Promise<void> => {
      const { env, world } = current();
      await env.database.handle.db.updateTable('users').set({ locale }).where('id', '=', world.users[who].id).execute();
    },
  };
}
