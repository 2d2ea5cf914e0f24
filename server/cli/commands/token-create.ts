import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { API_TOKEN_MAX_DAYS, createApiToken } from '../../modules/accounts/index.ts';
import { CliError, type CliCommand } from '../command.ts';
import { options, required, tenantOrFail, withContext } from './shared.ts';

export const tokenCreateCommand: CliCommand = {
  words: ['token', 'create'],
  usage: 'token create --email E --name N [--tenant S] [--expires-in-days D] [--json]',
  summary: 'create a personal API token for a user (90 days unless --expires-in-days, 1 to 365); printed once',
  async run(args, config, io) {
    const { values } = options(args, {
      email: { type: 'string' },
      name: { type: 'string' },
      tenant: { type: 'string' },
      'expires-in-days': { type: 'string' },
      json: { type: 'boolean' },
    });
    const name = text().trim().min(1).max(100).safeParse(required(values.name, 'name'));
    if (!name.success) throw new CliError('--name: 1 to 100 characters', 2);
    const days = z.coerce.number().int().min(1).max(API_TOKEN_MAX_DAYS).optional().safeParse(values['expires-in-days']);
    if (!days.success) throw new CliError(`--expires-in-days: a whole number from 1 to ${API_TOKEN_MAX_DAYS}`, 2);
    const email = required(values.email, 'email');
    return withContext(config, async (ctx) => {
      const tenantId = values.tenant === undefined ? undefined : (await tenantOrFail(ctx, values.tenant)).id;
      const created = await createApiToken(
        { email, name: name.data, ...(tenantId && { tenantId }), ...(days.data !== undefined && { expiresInDays: days.data }) },
        ctx,
      ).catch((error: unknown) => {
        throw error instanceof Error && error.message === 'not_found'
          ? new CliError(`No single active user with email ${email}${tenantId ? ' in that network' : ' (in several networks: add --tenant)'}`)
          : error;
      });
      io.out(
        values.json
          ? JSON.stringify({ token: created.token, expiresAt: created.expiresAt })
          : `Token (shown once): ${created.token}\nExpires: ${created.expiresAt}`,
      );
      return 0;
    });
  },
};
