import { z } from 'zod';
import { LOCALES, type Locale } from '../../platform/config.ts';
import { text, UUID_PATTERN } from '../../platform/strings.ts';

/**
 * Screening instruments are versioned data, never code (issue 11, "Screening"): sections of items,
 * every text in nl, fr and en. The file the CLI loads and the migration ships has this shape; a
 * stored version's content is the same object without its key.
 */

/** What an item asks for. `observation`: a fact, marked risk or protective, and what is still unknown; `check`: ticked or not, an aid to memory. */
export const ITEM_KINDS = ['observation', 'check'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** How an observation is marked (an answer's vocabulary, for the screening that records it later). */
export const OBSERVATION_FACTORS = ['risk', 'protective'] as const;

/** The judgement's urgency vocabulary. */
export const URGENCIES = ['low', 'medium', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

const KEY_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const key = text().min(1).max(100).regex(KEY_PATTERN, { message: 'lower-case words with _ and dots, such as behaviour.observation' });

/** One text in every language of the application; none may be left out or empty. */
const localText = (max: number) =>
  z.strictObject(
    Object.fromEntries(LOCALES.map((locale) => [locale, text({ multiline: true }).trim().min(1).max(max)])) as Record<
      Locale,
      ReturnType<typeof text>
    >,
  );

const itemSchema = z.strictObject({
  key,
  kind: z.enum(ITEM_KINDS),
  prompt: localText(1000),
  help: localText(2000).optional(),
});

const sectionSchema = z.strictObject({
  key,
  title: localText(200),
  help: localText(2000).optional(),
  items: z.array(itemSchema).min(1).max(100),
});

/** What a version holds: everything but the key. */
export const instrumentContentSchema = z.strictObject({
  title: localText(200),
  description: localText(4000),
  judgement: localText(4000),
  sections: z.array(sectionSchema).min(1).max(50),
});
export type InstrumentContent = z.infer<typeof instrumentContentSchema>;

/** An instrument file: a key and its content. Its section and item keys must be unique too (`parseInstrumentFile`). */
export const instrumentFileSchema = z.strictObject({ key, ...instrumentContentSchema.shape });
export type InstrumentFile = z.infer<typeof instrumentFileSchema>;

/** A file may hold a list of instruments (as the shipped one does) or one instrument. */
export const instrumentListSchema = z.array(instrumentFileSchema).min(1);

export interface InstrumentFileIssue {
  readonly path: string;
  readonly message: string;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const keyOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as { key?: unknown }).key : undefined);

/** Keys used more than once: section keys within an instrument, item keys within an instrument, instrument keys within the file. Read from the raw JSON, so they are reported next to every other problem. */
function repeatedKeys(instruments: unknown[], prefix: (index: number) => string): InstrumentFileIssue[] {
  const issues: InstrumentFileIssue[] = [];
  const repeated = (keys: unknown[]) => [...new Set(keys.filter((value, index) => typeof value === 'string' && keys.indexOf(value) !== index))];
  for (const key of repeated(instruments.map(keyOf)))
    issues.push({ path: '(file)', message: `instrument key ${String(key)} is used more than once` });
  instruments.forEach((instrument, index) => {
    const sections = asArray(typeof instrument === 'object' && instrument !== null ? (instrument as { sections?: unknown }).sections : undefined);
    for (const key of repeated(sections.map(keyOf)))
      issues.push({ path: `${prefix(index)}sections`, message: `section key ${String(key)} is used more than once` });
    const items = sections.flatMap((section) =>
      asArray(typeof section === 'object' && section !== null ? (section as { items?: unknown }).items : undefined),
    );
    for (const key of repeated(items.map(keyOf)))
      issues.push({ path: `${prefix(index)}sections`, message: `item key ${String(key)} is used more than once` });
  });
  return issues;
}

/**
 * Validates a file's parsed JSON — a list of instruments or one instrument — and lists every
 * problem with its path: texts missing in a language, unknown item kinds or fields, repeated keys.
 */
export function parseInstrumentFile(raw: unknown): { success: true; data: InstrumentFile[] } | { success: false; issues: InstrumentFileIssue[] } {
  const list = Array.isArray(raw);
  const parsed = list ? instrumentListSchema.safeParse(raw) : instrumentFileSchema.safeParse(raw);
  const issues: InstrumentFileIssue[] = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({ path: issue.path.length > 0 ? issue.path.join('.') : '(file)', message: issue.message }))),
    ...repeatedKeys(list ? raw : [raw], (index) => (list ? `${index}.` : '')),
  ];
  if (issues.length > 0 || !parsed.success) return { success: false, issues };
  return { success: true, data: Array.isArray(parsed.data) ? parsed.data : [parsed.data] };
}

// Output shapes, for the OpenAPI description: texts in the caller's language.
const itemOutput = z.object({
  key: z.string().describe('Unique in the instrument; a screening answers items by this key'),
  kind: z
    .enum(ITEM_KINDS)
    .describe('observation: a fact, a factor (risk | protective) and what is still unknown; check: ticked or not (an aid to memory, never a score)'),
  prompt: z.string(),
  help: z.string().nullable(),
});
const sectionOutput = z.object({ key: z.string(), title: z.string(), help: z.string().nullable(), items: z.array(itemOutput) });

export const instrumentOutput = z.object({
  id: z.string().describe('The id of this version: a screening records it'),
  key: z.string().describe('The instrument, the same across its versions'),
  version: z.number().int().describe('1 for the first version; loading changed content adds the next one'),
  title: z.string(),
  description: z.string(),
  judgement: z
    .string()
    .describe('How the judgement is recorded after the instrument: two axes, urgency and a rationale; the answers never compute the category'),
  loadedAt: z.string().describe('When this version was loaded (ISO 8601)'),
  sections: z.array(sectionOutput),
});
export type InstrumentView = z.infer<typeof instrumentOutput>;

// Recording a screening (API.md "Consult point": POST /api/v1/signals/:id/screenings).

/** The professional judgement that closes a screening: two axes, an urgency and a rationale. The category follows from the axes alone. */
export const screeningJudgementSchema = z.strictObject({
  wellbeingVulnerable: z.boolean(),
  radicalisationVulnerable: z.boolean(),
  urgency: z.enum(URGENCIES),
  rationale: text({ multiline: true }).trim().min(1).max(4000),
});
export type ScreeningJudgementInput = z.infer<typeof screeningJudgementSchema>;

/**
 * The body of a new screening. `answers` is checked against the chosen instrument version by the use
 * case (`parseAnswers`): its keys are that version's item keys.
 */
export const screeningCreateSchema = z.strictObject({
  instrumentId: text().trim().regex(UUID_PATTERN, { message: 'validation.format' }),
  answers: z.record(text(), z.unknown()),
  judgement: screeningJudgementSchema,
});
export type ScreeningCreate = z.infer<typeof screeningCreateSchema>;

const observationOutput = z.object({
  fact: z.string(),
  factor: z.enum(OBSERVATION_FACTORS),
  unknown: z.string().optional().describe('What is still unknown; absent when nothing was written'),
});

export const screeningOutput = z.object({
  id: z.string(),
  instrument: z.object({ id: z.string(), key: z.string(), version: z.number().int(), title: z.string() }).describe('The instrument version used'),
  answers: z
    .record(z.string(), z.union([z.array(observationOutput), z.literal(true)]))
    .describe('Item key → observations (an observation item) or true (a check item marked present); items left empty are absent'),
  judgement: z.object({
    wellbeingVulnerable: z.boolean(),
    radicalisationVulnerable: z.boolean(),
    urgency: z.enum(URGENCIES),
    rationale: z.string(),
  }),
  category: z.number().int().min(1).max(4).describe('The judgement’s category: 1 + wellbeing + 2 × radicalisation; never computed from the answers'),
  screenedAt: z.string(),
});
export type ScreeningView = z.infer<typeof screeningOutput>;

export const recordedScreeningOutput = z.object({ id: z.string(), category: z.number().int().min(1).max(4) });
