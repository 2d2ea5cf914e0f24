import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { DIRECTORY_THEMES, GAP_AGE_GROUPS, GAP_REASONS, LANGUAGE_CODE_PATTERN } from './directory.vocabulary.ts';

/**
 * The gap register's shapes. A gap is words from fixed vocabularies only — never free text, never a
 * person: theme, age group, language (optional: a gap need not be about a language) and reason. A
 * case may be named so the recorder's view of the case can link it; the report never shows it.
 */
export const gapCreateSchema = z.strictObject({
  theme: z.enum(DIRECTORY_THEMES),
  ageGroup: z.enum(GAP_AGE_GROUPS),
  language: text().regex(LANGUAGE_CODE_PATTERN, { message: 'validation.language_code' }).optional(),
  reason: z.enum(GAP_REASONS),
  caseId: text().trim().min(1).max(64).optional(),
});
export type GapCreate = z.infer<typeof gapCreateSchema>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = text().regex(DAY, { message: 'validation.date' });

/** The report's period: from and to as calendar days (UTC), both included. */
export const gapReportQuerySchema = z
  .strictObject({ from: day, to: day })
  .refine((query) => query.from <= query.to, { path: ['to'], message: 'validation.period_order' });
export type GapReportQuery = z.infer<typeof gapReportQuerySchema>;

export const gapOutput = z.object({
  id: z.string(),
  theme: z.string(),
  ageGroup: z.string(),
  language: z.string().nullable(),
  reason: z.string(),
  recordedAt: z.string(),
});

/** One cell of the report: a count of at least 5, or suppressed (never the small number). */
export const reportCountOutput = z.object({ count: z.number().nullable(), suppressed: z.boolean() });

export const settingsSchema = z.strictObject({ published: z.boolean() });
export const settingsOutput = z.object({ published: z.boolean(), publicPath: z.string() });
