import { text } from '../../platform/strings.ts';
import { createApiToken } from '../../modules/accounts/index.ts';
import { CliError, type CliCommand } from '../command.ts';
import { options, required, withContext } from './shared.ts';

export const tokenCreateCommand: CliCommand = {
  words: ['token', 'create'],
  usage: 'token create --email E --name N [--json]',
  summary: 'create a personal API token for a user; printed once',
  async run(args, config, io) {
    const { values } = options(args, { email: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } });
    const name = text().trim().min(1).max(100).safeParse(required(values.name, 'name'));
    if (!name.success) throw new CliError('--name: 1 to 100 characters', 2);
    const email = required(values.email, 'email');
    return withContext(config, async (ctx) => {
      const created = await createApiToken({ email, name: name.data }, ctx).catch((error: unknown) => {
        throw error instanceof Error && error.message === 'not_found' ? new CliError(`No active user with email ${email}`) : error;
      });
      io.out(values.json ? JSON.stringify({ token: created.token }) : `Token (shown once): ${created.token}`);
      return 0;
    });
  },
};
