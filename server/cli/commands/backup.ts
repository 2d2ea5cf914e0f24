import { existsSync } from 'node:fs';
import { BackupError, writeBackup, type BackupSummary } from '../../db/backup.ts';
import { openDatabase } from '../../db/database.ts';
import type { Config } from '../../platform/config.ts';
import { CliError, type CliCommand } from '../command.ts';
import { options } from './shared.ts';

export const backupCommand: CliCommand = {
  words: ['backup'],
  usage: 'backup FILE [--force] [--json]',
  summary: 'write a consistent online backup (gzip JSON Lines; without the master key)',
  async run(args, config, io) {
    const { values, positionals } = options(args, { force: { type: 'boolean' }, json: { type: 'boolean' } }, true);
    const file = singleFile(positionals);
    assertDatabaseExists(config);
    // The raw connection, not bootstrap(): a backup neither migrates the database nor creates a master key.
    const handle = openDatabase(config);
    try {
      const summary = await writeBackup(handle, file, { force: values.force ?? false }).catch(asCliError);
      io.out(values.json ? JSON.stringify(summary) : describeBackup(summary));
      return 0;
    } finally {
      await handle.close();
    }
  },
};

/** The one positional argument FILE of backup and restore. */
export function singleFile(positionals: readonly string[]): string {
  if (positionals.length !== 1 || !positionals[0]) throw new CliError('Give exactly one FILE', 2);
  return positionals[0];
}

/** Opening a missing SQLite file would create an empty database; say what is wrong instead. */
function assertDatabaseExists(config: Config): void {
  if (config.database.kind === 'sqlite' && !existsSync(config.database.file)) throw new CliError(`No database at ${config.database.file}`);
}

export function asCliError(error: unknown): never {
  throw error instanceof BackupError ? new CliError(error.message) : error;
}

export function describeCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
}

function describeBackup(summary: BackupSummary): string {
  const kib = (summary.bytes / 1024).toFixed(1);
  return `Backed up ${summary.rows} rows from ${summary.source} to ${summary.file} (${kib} KiB): ${describeCounts(summary.counts)}. The master key is not in the backup; keep a copy of it apart.`;
}
