import type { DatabaseTarget } from '../../server/test/databases.ts';
import { LOCALES, type Locale } from './messages.ts';

/**
 * Each language once, the databases taken in turn: nl on the first target (SQLite), fr on the second
 * (PostgreSQL when TEST_DATABASE_URL names one), en on the first again. A sweep whose pages and
 * queries do not depend on the language need not run every language on every database — that
 * doubled the slowest browser files for no new finding — while every language and both databases are
 * still exercised. Without PostgreSQL every language runs on SQLite.
 */
export function languagePerDatabase(targets: readonly DatabaseTarget[]): readonly (readonly [Locale, DatabaseTarget])[] {
  if (targets.length === 0) throw new Error('no database target');
  return LOCALES.map((locale, index) => [locale, targets[index % targets.length]!] as const);
}
