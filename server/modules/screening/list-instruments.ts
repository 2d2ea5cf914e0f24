import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/config.ts';
import { activeInstrument, activeInstruments, type InstrumentRow } from './screening.queries.ts';
import { instrumentContentSchema, type InstrumentView } from './screening.schemas.ts';

/** A stored version in one language: the shape of the API and of the page. */
export function presentInstrument(row: InstrumentRow, locale: Locale): InstrumentView {
  const content = instrumentContentSchema.parse(JSON.parse(row.content));
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    title: content.title[locale],
    description: content.description[locale],
    judgement: content.judgement[locale],
    loadedAt: row.loaded_at,
    sections: content.sections.map((section) => ({
      key: section.key,
      title: section.title[locale],
      help: section.help?.[locale] ?? null,
      items: section.items.map((item) => ({ key: item.key, kind: item.kind, prompt: item.prompt[locale], help: item.help?.[locale] ?? null })),
    })),
  };
}

/** The active instruments in the reader's language (screening.viewInstruments). */
export async function listInstruments(actor: Actor, ctx: Pick<AppContext, 'db'>, locale: Locale): Promise<InstrumentView[]> {
  authorize(actor, 'screening.viewInstruments');
  return (await activeInstruments(ctx.db)).map((row) => presentInstrument(row, locale));
}

/** One active instrument by key in the reader's language; an unknown key is `not_found`. */
export async function getInstrument(actor: Actor, ctx: Pick<AppContext, 'db'>, key: string, locale: Locale): Promise<InstrumentView> {
  authorize(actor, 'screening.viewInstruments');
  const row = await activeInstrument(ctx.db, key);
  if (!row) throw new AppError('not_found');
  return presentInstrument(row, locale);
}
