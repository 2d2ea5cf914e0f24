import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { createTenant, slug as slugSchema } from '../../modules/accounts/index.ts';
import { LOCALES } from '../../platform/config.ts';
import { CliError, type CliCommand } from '../command.ts';
import { options, required, withContext } from './shared.ts';

export const tenantCreateCommand: CliCommand = {
  words: ['tenant', 'create'],
  usage: 'tenant create --slug S --name N [--locale nl|fr|en] [--json]',
  summary: 'create a local network',
  async run(args, config, io) {
    const { values } = options(args, { slug: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' }, json: { type: 'boolean' } });
    const slug = slugSchema.safeParse(required(values.slug, 'slug'));
    if (!slug.success) throw new CliError('--slug: use 3 to 40 lowercase letters, digits or dashes, starting with a letter', 2);
    const name = text().trim().min(1).max(200).safeParse(required(values.name, 'name'));
    if (!name.success) throw new CliError('--name: 1 to 200 characters', 2);
    const locale = z.enum(LOCALES).safeParse(values.locale ?? 'nl');
    if (!locale.success) throw new CliError('--locale must be nl, fr or en', 2);
    return withContext(config, async (ctx) => {
      if (await ctx.system.tenantBySlug(slug.data)) throw new CliError(`A tenant with slug "${slug.data}" already exists`);
      const { id } = await createTenant({ slug: slug.data, name: name.data, defaultLocale: locale.data }, ctx);
      io.out(values.json ? JSON.stringify({ id, slug: slug.data }) : `Created tenant ${slug.data} (${id})`);
      return 0;
    });
  },
};
