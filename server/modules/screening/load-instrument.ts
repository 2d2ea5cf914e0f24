import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/ids.ts';
import { activeInstrument, deactivateVersions, insertInstrumentVersion, latestVersion } from './screening.queries.ts';
import { instrumentContentSchema, type InstrumentFile } from './screening.schemas.ts';

export interface LoadOutcome {
  readonly key: string;
  readonly version: number;
  /** `added`: a new version is now the active one; `unchanged`: the active version already had this content. */
  readonly outcome: 'added' | 'unchanged';
}

/** The content in one spelling (the schema's key order), so equal content compares equal. */
function canonical(content: unknown): string {
  return JSON.stringify(instrumentContentSchema.parse(content));
}

/**
 * Loads validated instruments (the operator's CLI): for each, when its content differs from the
 * active version's, adds the next version and deactivates the old one; when equal, changes nothing.
 * A version is never edited in place, since a screening records the version it used. All or nothing:
 * one transaction for the whole file.
 */
export async function loadInstruments(ctx: Pick<AppContext, 'db' | 'clock'>, instruments: readonly InstrumentFile[]): Promise<LoadOutcome[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const outcomes: LoadOutcome[] = [];
    for (const { key, ...content } of instruments) {
      const active = await activeInstrument(trx, key);
      const wanted = canonical(content);
      if (active && canonical(JSON.parse(active.content)) === wanted) {
        outcomes.push({ key, version: active.version, outcome: 'unchanged' });
        continue;
      }
      const version = (await latestVersion(trx, key)) + 1;
      await deactivateVersions(trx, key);
      await insertInstrumentVersion(trx, { id: newId(), key, version, content: wanted, active: 1, loaded_at: ctx.clock.now().toISOString() });
      outcomes.push({ key, version, outcome: 'added' });
    }
    return outcomes;
  });
}
