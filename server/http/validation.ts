import type { z } from 'zod';
import { AppError, type FieldIssue } from '../platform/errors.ts';

type ZodIssue = z.core.$ZodIssue;

/** Maps one zod issue to an i18n key; custom refinements carry their key as message. */
export function issueToFieldIssues(issue: ZodIssue): FieldIssue[] {
  const path = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, messageKey: 'validation.unknown_field' }));
    case 'invalid_type':
      return [{ path, messageKey: issue.input === undefined || issue.input === null ? 'validation.required' : 'validation.invalid' }];
    case 'too_small':
      if (issue.origin === 'number') return [{ path, messageKey: 'validation.number_too_small', values: { minimum: Number(issue.minimum) } }];
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return [{ path, messageKey: 'validation.required' }];
      if (issue.origin === 'array' && Number(issue.minimum) <= 1) return [{ path, messageKey: 'validation.choose_one' }];
      return [{ path, messageKey: 'validation.too_short', values: { minimum: Number(issue.minimum) } }];
    case 'too_big':
      if (issue.origin === 'number') return [{ path, messageKey: 'validation.number_too_big', values: { maximum: Number(issue.maximum) } }];
      return [{ path, messageKey: 'validation.too_long', values: { maximum: Number(issue.maximum) } }];
    case 'invalid_format':
      if (issue.message.startsWith('validation.')) return [{ path, messageKey: issue.message }];
      return [{ path, messageKey: issue.format === 'email' ? 'validation.email' : 'validation.format' }];
    case 'invalid_value':
      return [{ path, messageKey: issue.input === undefined ? 'validation.required' : 'validation.choice' }];
    case 'custom':
      return [{ path, messageKey: issue.message.startsWith('validation.') ? issue.message : 'validation.invalid' }];
    default:
      return [{ path, messageKey: 'validation.invalid' }];
  }
}

/** Parses input with a strict schema; on failure throws `validation_failed` with field issues. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  throw new AppError('validation_failed', result.error.issues.flatMap(issueToFieldIssues));
}

/**
 * The JSON API takes query parameters as given: a parameter sent with an empty value (`?tableId=`)
 * is a validation error naming it, never silently read as "no filter". (HTML GET forms send empty
 * fields for "any"; pages drop them with formValues.)
 */
export function assertNoEmptyQueryValues(query: unknown): void {
  if (typeof query !== 'object' || query === null) return;
  const empty = Object.entries(query as Record<string, unknown>).filter(
    ([, value]) => value === '' || (Array.isArray(value) && value.some((entry) => entry === '')),
  );
  if (empty.length > 0)
    throw new AppError(
      'validation_failed',
      empty.map(([path]) => ({ path, messageKey: 'validation.required' })),
    );
}
