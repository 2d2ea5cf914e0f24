import type { FastifyRequest } from 'fastify';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import type { FieldErrors, FormValues } from '../../ui/view.ts';
import type { CaseView } from './cases.schemas.ts';

/*
 * Form values of the case screens → the plain input objects the schemas parse. Only shaping: every
 * rule stays in the schemas and use cases. Empty fields arrive as "absent" (formValues).
 */

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** Form values → plain input object, dropping keys that are absent (multi-valued fields give their first value). */
export function pick(values: FormValues, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((key) => (first(values[key]) === undefined ? [] : [[key, first(values[key])!]])));
}

export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const SUBJECT_FIELDS = ['givenName', 'familyName', 'birthDate', 'ageBand', 'gender'] as const;

/** The `subject.*` fields as the subject object of the schemas, or undefined when none was filled in. */
export function subjectInput(values: FormValues): Record<string, string> | undefined {
  const subject = Object.fromEntries(
    SUBJECT_FIELDS.flatMap((field) => (first(values[`subject.${field}`]) ? [[field, first(values[`subject.${field}`])!]] : [])),
  );
  return Object.keys(subject).length > 0 ? subject : undefined;
}

const CONTEXT_FIELDS = ['role', 'givenName', 'familyName'] as const;

/**
 * The `context.*` fields (one person around the subject) as the `contextPersons` of the schema: none
 * when nothing was filled in; a name without a role is sent as it is, so the schema names the role.
 */
export function contextPersonsInput(values: FormValues): Record<string, string>[] {
  const person = Object.fromEntries(
    CONTEXT_FIELDS.flatMap((field) => (first(values[`context.${field}`]) ? [[field, first(values[`context.${field}`])!]] : [])),
  );
  return Object.keys(person).length > 0 ? [person] : [];
}

/** The version the form was drawn from (hidden field); a missing or mangled one is a form error. */
export function versionOf(values: FormValues): number {
  const version = Number(first(values.version));
  if (!Number.isInteger(version) || version < 1) throw new AppError('validation_failed', [{ path: '', messageKey: 'validation.invalid' }]);
  return version;
}

const sameText = (a: string, b: string) => a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();

/**
 * The edit form shows every field; only the fields that differ from the case as it stands are sent,
 * so the timeline and the audit trail name what really changed. An emptied summary is sent empty (and
 * refused by the schema), never read as "leave unchanged".
 */
export function changedFields(current: CaseView, values: FormValues): Record<string, string | null> {
  const summary = first(values.summary) ?? '';
  const theme = first(values.theme) ?? '';
  const caseOwner = first(values.caseOwnerOrganisationId) ?? null;
  return {
    ...(!sameText(summary, current.summary) && { summary }),
    ...(theme !== current.theme && { theme }),
    ...(caseOwner !== (current.caseOwnerOrganisation?.id ?? null) && { caseOwnerOrganisationId: caseOwner }),
  };
}

/** The person search needs both parts; the schema accepts both absent (then it is no search at all). */
export function requirePersonSearch(values: FormValues): void {
  const issues: FieldIssue[] = (['familyName', 'birthDate'] as const)
    .filter((field) => first(values[field]) === undefined)
    .map((field) => ({ path: field, messageKey: 'validation.required' }));
  if (issues.length > 0) throw new AppError('validation_failed', issues);
}

/**
 * The field a problem belongs to, as the forms name their fields: `subject.familyName` stays whole,
 * `contextPersons.0.givenName` is `context.givenName`, `organisationIds.2` is the organisations
 * field, an empty path is the whole form.
 */
export function fieldOfIssue(path: string): string {
  if (path === '') return 'form';
  const parts = path.split('.');
  if (parts[0] === 'subject' && parts[1]) return `subject.${parts[1]}`;
  if (parts[0] === 'contextPersons' && parts[2]) return `context.${parts[2]}`;
  return parts[0]!;
}

/** Translates the field issues of a validation error for display next to the fields of a case form. */
export function caseFieldErrors(request: FastifyRequest, error: AppError): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[fieldOfIssue(issue.path)] ??= request.t(issue.messageKey, issue.values);
  if (Object.keys(errors).length === 0) errors.form = request.t('errors.validation_failed');
  return errors;
}
