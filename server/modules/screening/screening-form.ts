import type { FieldIssue } from '../../platform/errors.ts';
import type { FormValues } from '../../ui/view.ts';
import { MAX_OBSERVATIONS_PER_ITEM, type InstrumentShape } from './screening-answers.ts';

/*
 * The screening form without JavaScript: every observation item shows a few empty rows, and "add an
 * observation" is a plain submit that draws the form again with one row more (nothing is recorded).
 * Field names are the API's paths (`answers.behaviour.observation.0.fact`, `judgement.urgency`), so a
 * validation issue lands next to its field. Rows left empty are dropped before validation; the rows
 * that stay keep their place on the form (`FormRows.remap`).
 */

/** The empty rows an observation item shows at first. */
export const EMPTY_ROWS = 3;

/** The hidden field that says how many rows an item showed. */
export const rowsField = (itemKey: string): string => `rows.${itemKey}`;
/** The submit button that asks for one more row (its value is the item key). */
export const ADD_ROW = 'addRow';

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
const observationItems = (instrument: InstrumentShape) =>
  instrument.sections.flatMap((section) => section.items.filter((item) => item.kind === 'observation'));

/**
 * How many rows each observation item shows: the rows it showed before (at least `EMPTY_ROWS`), and
 * one more for the item whose "add" button was pressed — never more than the answers allow.
 */
export function formRows(instrument: InstrumentShape, values: FormValues): Record<string, number> {
  const added = first(values[ADD_ROW]);
  const rows: Record<string, number> = {};
  for (const item of observationItems(instrument)) {
    const shown = Number.parseInt(first(values[rowsField(item.key)]) ?? '', 10);
    const base = Number.isFinite(shown) ? Math.max(EMPTY_ROWS, Math.min(shown, MAX_OBSERVATIONS_PER_ITEM)) : EMPTY_ROWS;
    rows[item.key] = Math.min(base + (added === item.key ? 1 : 0), MAX_OBSERVATIONS_PER_ITEM);
  }
  return rows;
}

/** Did the screener ask for one more row (rather than to record)? */
export const wantsAnotherRow = (values: FormValues): boolean => first(values[ADD_ROW]) !== undefined;

export interface ScreeningFormInput {
  /** The API body the form stands for. */
  readonly body: { instrumentId: unknown; answers: Record<string, unknown>; judgement: Record<string, unknown> };
  /** Puts an issue's row number back where the row stood on the form. */
  readonly remap: (issue: FieldIssue) => FieldIssue;
}

/**
 * The posted form as the API's body. An observation row with nothing in it is left out; a row with
 * anything in it (a fact, a factor or a note of what is unknown) is kept and validated whole. Yes/no
 * answers become booleans; anything else is passed on as typed, for validation to refuse.
 */
export function screeningInputFromForm(instrument: InstrumentShape, values: FormValues): ScreeningFormInput {
  const answers: Record<string, unknown> = {};
  const places = new Map<string, number[]>();
  for (const section of instrument.sections)
    for (const item of section.items) {
      if (item.kind === 'check') {
        if (first(values[`answers.${item.key}`]) === 'present') answers[item.key] = true;
        continue;
      }
      const rows: Record<string, string>[] = [];
      const kept: number[] = [];
      const shown = Math.min(MAX_OBSERVATIONS_PER_ITEM, Math.max(Number.parseInt(first(values[rowsField(item.key)]) ?? '', 10) || 0, EMPTY_ROWS));
      for (let row = 0; row < shown; row += 1) {
        const field = (name: string) => first(values[`answers.${item.key}.${row}.${name}`]);
        const [fact, factor, unknown] = [field('fact'), field('factor'), field('unknown')];
        if (!fact?.trim() && !factor && !unknown?.trim()) continue;
        rows.push({ fact: fact ?? '', ...(factor !== undefined && { factor }), ...(unknown !== undefined && { unknown }) });
        kept.push(row);
      }
      if (rows.length > 0) answers[item.key] = rows;
      places.set(item.key, kept);
    }
  const judgementValue = (name: string) => first(values[`judgement.${name}`]);
  const judgement: Record<string, unknown> = {};
  for (const axis of ['wellbeingVulnerable', 'radicalisationVulnerable']) {
    const answer = judgementValue(axis);
    if (answer !== undefined) judgement[axis] = answer === 'yes' ? true : answer === 'no' ? false : answer;
  }
  for (const name of ['urgency', 'rationale']) {
    const value = judgementValue(name);
    if (value !== undefined) judgement[name] = value;
  }
  const remap = (issue: FieldIssue): FieldIssue => {
    for (const [key, kept] of places) {
      const prefix = `answers.${key}.`;
      if (!issue.path.startsWith(prefix)) continue;
      const [index, ...rest] = issue.path.slice(prefix.length).split('.');
      const place = kept[Number(index)];
      if (place === undefined || !/^\d+$/.test(index ?? '')) return issue;
      return { ...issue, path: [`${prefix}${place}`, ...rest].join('.') };
    }
    return issue;
  };
  return { body: { instrumentId: first(values.instrumentId), answers, judgement }, remap };
}
