import { z } from 'zod';
import type { FieldIssue } from '../../platform/errors.ts';
import { text } from '../../platform/strings.ts';
import { issueToFieldIssues } from '../../http/validation.ts';
import { OBSERVATION_FACTORS, type ItemKind } from './screening.schemas.ts';

/*
 * The answers of a screening are data shaped by the instrument version it used: one entry per item
 * key the screener filled in. An observation item holds a list of observations (a fact, marked risk
 * or protective, and what is still unknown); a check item is `true` when the factor is present.
 * Nothing here counts, weighs or adds up: the category comes from the recorded judgement only.
 */

/** At most this many observations per item (a screening is a conversation, not a log). */
export const MAX_OBSERVATIONS_PER_ITEM = 20;
/** The longest fact, or note of what is still unknown. */
export const OBSERVATION_TEXT_MAX = 2000;

export type ObservationFactor = (typeof OBSERVATION_FACTORS)[number];

export interface Observation {
  readonly fact: string;
  readonly factor: ObservationFactor;
  /** What is still unknown about it; absent when nothing was written. */
  readonly unknown?: string;
}

/** Item key → observations (an observation item) or `true` (a check item marked present). Items left empty are absent. */
export type ScreeningAnswers = Readonly<Record<string, readonly Observation[] | true>>;

const observationSchema = z.strictObject({
  fact: text({ multiline: true }).trim().min(1).max(OBSERVATION_TEXT_MAX),
  factor: z.enum(OBSERVATION_FACTORS),
  unknown: text({ multiline: true }).trim().max(OBSERVATION_TEXT_MAX).optional(),
});

/** One observation as stored: an empty "still unknown" is left out. */
const storedObservation = observationSchema.transform((observation): Observation =>
  observation.unknown ? observation : { fact: observation.fact, factor: observation.factor },
);

/** What the answers depend on: the item keys and kinds of a version (its content, or its view in one language). */
export interface InstrumentShape {
  readonly sections: readonly { readonly key: string; readonly items: readonly { readonly key: string; readonly kind: ItemKind }[] }[];
}

/** The items of a version, in the instrument's order. */
export function instrumentItems(content: InstrumentShape) {
  return content.sections.flatMap((section) => section.items.map((item) => ({ ...item, section: section.key })));
}

/**
 * The schema of the answers to one instrument version: a strict object whose keys are the version's
 * item keys (an unknown item is refused as `validation.unknown_field`), every item optional. An
 * observation item takes a list of observations, a check item a boolean. The parsed answers leave out
 * empty lists and unticked checks, so equal answers are stored alike.
 */
export function answersSchemaFor(content: InstrumentShape): z.ZodType<ScreeningAnswers> {
  const shape: Record<string, z.ZodType> = {};
  for (const item of instrumentItems(content))
    shape[item.key] = item.kind === 'observation' ? z.array(storedObservation).max(MAX_OBSERVATIONS_PER_ITEM).optional() : z.boolean().optional();
  return z.strictObject(shape).transform((parsed) => {
    const answers: Record<string, readonly Observation[] | true> = {};
    for (const item of instrumentItems(content)) {
      const value = (parsed as Record<string, unknown>)[item.key];
      if (value === true) answers[item.key] = true;
      else if (Array.isArray(value) && value.length > 0) answers[item.key] = value as Observation[];
    }
    return answers;
  }) as unknown as z.ZodType<ScreeningAnswers>;
}

/**
 * Validates answers against an instrument version. Issues carry paths under `answers`
 * (`answers.behaviour.observation.0.fact`), the names the form gives its fields.
 */
export function parseAnswers(
  content: InstrumentShape,
  raw: unknown,
): { success: true; answers: ScreeningAnswers } | { success: false; issues: FieldIssue[] } {
  const result = answersSchemaFor(content).safeParse(raw ?? {}, { reportInput: true });
  if (result.success) return { success: true, answers: result.data };
  return {
    success: false,
    issues: result.error.issues.flatMap(issueToFieldIssues).map((issue) => ({ ...issue, path: issue.path ? `answers.${issue.path}` : 'answers' })),
  };
}
