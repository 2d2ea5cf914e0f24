import { migrateToLatest, openDatabase } from '../../db/database.ts';
import type { CliCommand } from '../command.ts';
import { options } from './shared.ts';

export const migrateCommand: CliCommand = {
  words: ['migrate'],
  usage: 'migrate',
  summary: 'bring the database schema up to date',
  async run(args, config, io) {
    options(args, {});
    const handle = openDatabase(config);
    try {
      const result = await migrateToLatest(handle.db);
      const applied = result.results?.filter((entry) => entry.status === 'Success').map((entry) => entry.migrationName) ?? [];
      io.out(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The schema is up to date.');
      return 0;
    } finally {
      await handle.close();
    }
  },
};
