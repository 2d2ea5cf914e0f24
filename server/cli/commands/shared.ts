import { parseArgs, type ParseArgsConfig } from 'node:util';
import { bootstrap } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import type { Config } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { CliError } from '../command.ts';

/** Strict option parsing: unknown options and stray arguments are usage errors. */
export function options<const Options extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  spec: Options,
  allowPositionals = false,
) {
  return parseArgs({ args: [...args], options: spec, strict: true, allowPositionals });
}

export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new CliError(`Missing --${name}`, 2);
  return value;
}

/** Opens the configured database (migrated) for one command and closes it afterwards. */
export async function withContext<T>(config: Config, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const { ctx } = await bootstrap(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  try {
    return await work(ctx);
  } finally {
    await ctx.audit.close();
    await ctx.handle.close();
  }
}

export async function tenantOrFail(ctx: AppContext, slug: string) {
  const tenant = await ctx.system.tenantBySlug(slug);
  if (!tenant) throw new CliError(`No tenant with slug "${slug}"`);
  return tenant;
}
