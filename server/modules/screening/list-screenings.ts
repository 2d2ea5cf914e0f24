import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import type { Locale } from '../../platform/config.ts';
import type { AuditedSignalRead } from '../signals/index.ts';
import { presentInstrument } from './list-instruments.ts';
import type { Observation } from './screening-answers.ts';
import type { ScreeningCategory } from './screening-category.ts';
import { readScreenings, type ScreeningsRead } from './screening-read.ts';
import { instrumentsByIds, screeningsOf } from './screening.queries.ts';
import type { InstrumentView, ScreeningView, Urgency } from './screening.schemas.ts';

export interface SignalScreenings {
  /** Newest first. */
  readonly screenings: ScreeningView[];
  /** The instrument versions they used, by id, in the reader's language (to name the items answered). */
  readonly instruments: ReadonlyMap<string, InstrumentView>;
}

/** A signal's screenings with their answers and rationale opened, and the versions they used. */
export async function openScreenings(ctx: AppContext, read: ScreeningsRead | AuditedSignalRead, locale: Locale): Promise<SignalScreenings> {
  const rows = await screeningsOf(ctx.db, read);
  const versions = await instrumentsByIds(ctx.db, [...new Set(rows.map((row) => row.instrument_id))]);
  const instruments = new Map(versions.map((version) => [version.id, presentInstrument(version, locale)]));
  const opener = fieldOpener(ctx, read.row.tenant_id);
  const screenings: ScreeningView[] = [];
  for (const row of rows) {
    const instrument = instruments.get(row.instrument_id)!;
    screenings.push({
      id: row.id,
      instrument: { id: instrument.id, key: instrument.key, version: instrument.version, title: instrument.title },
      answers: JSON.parse(await opener.open('screenings', row.id, 'answers', row.answers_sealed)) as Record<string, Observation[] | true>,
      judgement: {
        wellbeingVulnerable: Number(row.wellbeing_vulnerable) === 1,
        radicalisationVulnerable: Number(row.radicalisation_vulnerable) === 1,
        urgency: row.urgency as Urgency,
        rationale: await opener.open('screenings', row.id, 'rationale', row.rationale_sealed),
      },
      category: Number(row.category) as ScreeningCategory,
      screenedAt: row.created_at,
    });
  }
  return { screenings, instruments };
}

/**
 * The screenings of a signal (`GET /api/v1/signals/:id/screenings`, the screening tab): the
 * coordinator only; recorded as `screening.viewed` with its purpose before anything is opened.
 */
export async function listScreenings(
  options: { signalId: string; part: 'api' | 'screening' },
  actor: Actor,
  ctx: AppContext,
  locale: Locale,
): Promise<SignalScreenings> {
  const read = await readScreenings(ctx, actor, options.signalId, options.part);
  return openScreenings(ctx, read, locale);
}
