import { DEFAULT_ROTATION_BATCH_SIZE, rotateFieldKeys, type FieldKeyRotation, type RotationProgress } from '../../modules/cases/index.ts';
import { CliError, type CliCommand, type CliIo } from '../command.ts';
import { options, tenantOrFail, withContext } from './shared.ts';

const MAX_BATCH_SIZE = 10_000;

function batchSizeOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_ROTATION_BATCH_SIZE;
  const size = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(size >= 1 && size <= MAX_BATCH_SIZE)) throw new CliError(`--batch must be a whole number from 1 to ${MAX_BATCH_SIZE}`, 2);
  return size;
}

const progressLine = (slug: string) => (progress: RotationProgress) =>
  `${slug}: batch ${progress.batch} (${progress.table}): ${progress.reencrypted} values re-encrypted with key version ${progress.version}, ${progress.total} so far`;

function summaryLine(slug: string, result: FieldKeyRotation): string {
  const key = result.keyCreated ? `new field key version ${result.version}` : `field key version ${result.version} (resumed)`;
  return `${slug}: ${key}, ${result.reencrypted} values re-encrypted, ${result.remaining} remaining.`;
}

function report(io: CliIo, json: boolean, results: readonly (FieldKeyRotation & { tenant: string })[]): number {
  const remaining = results.reduce((sum, result) => sum + result.remaining, 0);
  if (json) io.out(JSON.stringify({ tenants: results, remaining }));
  else if (results.length === 0) io.out('No tenants: nothing to rotate.');
  else for (const result of results) io.out(summaryLine(result.tenant, result));
  if (remaining === 0) return 0;
  io.err(`${remaining} values are still sealed with an older key (changed during the run); run "partnertafel keys rotate" again to finish.`);
  return 1;
}

export const keysRotateCommand: CliCommand = {
  words: ['keys', 'rotate'],
  usage: 'keys rotate [--tenant SLUG] [--batch N] [--json]',
  summary: 'new field key version per tenant, every sealed value re-encrypted in batches (resumes an interrupted run)',
  async run(args, config, io) {
    const { values } = options(args, { tenant: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } });
    const batchSize = batchSizeOf(values.batch);
    const json = values.json ?? false;
    return withContext(config, async (ctx) => {
      const tenants = values.tenant === undefined ? await ctx.system.tenantsForMaintenance() : [await tenantOrFail(ctx, values.tenant)];
      const results: (FieldKeyRotation & { tenant: string })[] = [];
      for (const tenant of tenants) {
        const line = progressLine(tenant.slug);
        const result = await rotateFieldKeys(
          { tenantId: tenant.id, batchSize, ...(!json && { onBatch: (progress) => io.out(line(progress)) }) },
          ctx,
        );
        results.push({ tenant: tenant.slug, ...result });
      }
      return report(io, json, results);
    });
  },
};
