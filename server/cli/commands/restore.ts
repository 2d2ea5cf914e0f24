import { existsSync } from 'node:fs';
import { restoreBackup } from '../../db/restore.ts';
import { openDatabase } from '../../db/database.ts';
import type { Config } from '../../platform/config.ts';
import { CliError, type CliCommand } from '../command.ts';
import { asCliError, describeCounts, singleFile } from './backup.ts';
import { options } from './shared.ts';

export const restoreCommand: CliCommand = {
  words: ['restore'],
  usage: 'restore FILE [--json]',
  summary: 'restore a backup into an empty database (the master key is restored separately)',
  async run(args, config, io) {
    const { values, positionals } = options(args, { json: { type: 'boolean' } }, true);
    const file = singleFile(positionals);
    if (!existsSync(file)) throw new CliError(`No file ${file}`);
    // The raw connection, not bootstrap(): restoring must not create a fresh master key beside the old data.
    const handle = openDatabase(config);
    try {
      const summary = await restoreBackup(handle, file).catch(asCliError);
      const reminder = masterKeyReminder(config);
      if (values.json) {
        io.out(JSON.stringify({ ...summary, masterKeyReminder: reminder }));
      } else {
        io.out(
          `Restored ${summary.rows} rows from ${summary.file} (${summary.source} backup of ${summary.createdAt}) into ${summary.target}: ${describeCounts(summary.counts)}.`,
        );
        io.out(reminder);
      }
      return 0;
    } finally {
      await handle.close();
    }
  },
};

/** Sealed secrets (MFA) and encrypted fields open only with the master key of the original installation. */
function masterKeyReminder(config: Config): string {
  const base = 'Reminder: the master key is not in the backup; restore it separately before starting the server';
  if (config.masterKey.source === 'env') return `${base} (MASTER_KEY must hold the original key).`;
  return existsSync(config.masterKey.file)
    ? `${base}: ${config.masterKey.file} must be the original key file.`
    : `${base}: copy the original key file to ${config.masterKey.file} (there is none yet).`;
}
