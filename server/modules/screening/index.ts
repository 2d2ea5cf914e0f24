/** The screening module's public surface: instruments as versioned data, and the judgement's category. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerScreeningPages } from './screening.pages.tsx';
import { registerScreeningRoutes } from './screening.routes.ts';
import { registerScreeningTabPages } from './screening-tab.pages.tsx';
export { loadInstruments, type LoadOutcome } from './load-instrument.ts';
export { getInstrument, listInstruments } from './list-instruments.ts';
export { instrumentVersions } from './screening.queries.ts';
export { recordScreening } from './record-screening.ts';
export { listScreenings } from './list-screenings.ts';
export { screeningSummary } from './summarise-screenings.ts';
export { screeningTabPath } from './screening-tab.pages.tsx';
export { parseAnswers, answersSchemaFor, type Observation, type ScreeningAnswers } from './screening-answers.ts';
export { screeningCategory, type ScreeningCategory, type ScreeningJudgement } from './screening-category.ts';
export {
  instrumentFileSchema,
  instrumentListSchema,
  ITEM_KINDS,
  parseInstrumentFile,
  URGENCIES,
  type InstrumentFile,
  type InstrumentView,
} from './screening.schemas.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerScreeningModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerScreeningRoutes(app, ctx, apiRoutes);
  registerScreeningPages(app, ctx, cookies);
  registerScreeningTabPages(app, ctx, cookies);
}
