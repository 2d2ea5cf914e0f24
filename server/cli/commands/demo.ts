import { DEMO_NETWORK, DEMO_PASSWORD, DemoRefused, loadDemoNetwork, type LoadedDemoUser } from '../../demo/demo-network.ts';
import { CliError, type CliCommand, type CliIo } from '../command.ts';
import { options, withContext } from './shared.ts';

export const demoCommand: CliCommand = {
  words: ['demo'],
  usage: 'demo [--show-mfa]',
  summary: 'load the fictional demo network (never in production mode)',
  async run(args, config, io) {
    const { values } = options(args, { 'show-mfa': { type: 'boolean' } });
    // Checked before the database is even opened; loadDemoNetwork checks again.
    if (config.production) throw new CliError('The demo network is never loaded in production mode (NODE_ENV=production).');
    return withContext(config, async (ctx) => {
      const users = await loadDemoNetwork(ctx, { enrolMfa: values['show-mfa'] === true }).catch((error: unknown) => {
        throw error instanceof DemoRefused ? new CliError(error.message) : error;
      });
      io.out(`Loaded the demo network "${DEMO_NETWORK.tenant.name}" (tenant ${DEMO_NETWORK.tenant.slug}) with ${users.length} users:`);
      printUsers(io, users);
      io.out(
        'Also loaded: two partner tables and three fictional cases. Open the first case on the minors table as police@, youth-care@, family-support@ and school@: each reads other pieces of it.',
      );
      io.out(
        'The consult point holds a signal in each status: coordinator@ sees them all (one anonymous, about a person already known); school@ sees only their own; youth-care@ has a network inquiry to answer.',
      );
      io.out(
        'Both tables meet on the first Monday (minors 09:00, adults 11:00): the minors table met last month (closed, with minutes and a plan; coordinator@ and minute-taker@ read them) and its next meeting is planned with the agenda built.',
      );
      io.out(`Password of every demo user: ${DEMO_PASSWORD}`);
      if (values['show-mfa']) {
        io.out('Authenticator keys (shown once; add them to an authenticator app):');
        for (const user of users) io.out(`  ${user.email}  ${user.otpauthUri}`);
      } else {
        io.out(
          'At the first sign-in each demo user sets up an authenticator app (a QR code is shown). To enrol them while loading and print the keys instead, load with `partnertafel demo --show-mfa`.',
        );
      }
      return 0;
    });
  },
};

function printUsers(io: CliIo, users: readonly LoadedDemoUser[]): void {
  const rows = [['email', 'roles', 'organisation'], ...users.map((user) => [user.email, user.roles.join(', '), user.organisation])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) io.out(`  ${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`);
}
