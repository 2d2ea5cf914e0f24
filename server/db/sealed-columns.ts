import type { Database } from './schema.ts';

/**
 * Every column of every module that holds a sealed value, with the field name bound into its
 * associated data (`<table>:<record id>:<field>`) and the module that owns it. Key rotation walks
 * this list; the encryption canary tests write a marker into each of them and prove none reaches the
 * files in clear (each module's canary covers its own entries).
 */
export const SEALED_COLUMNS = [
  { table: 'cases', column: 'summary_sealed', field: 'summary', module: 'cases' },
  { table: 'cases', column: 'closure_rationale_sealed', field: 'closure_rationale', module: 'cases' },
  { table: 'cases', column: 'age_exception_reason_sealed', field: 'age_exception_reason', module: 'cases' },
  { table: 'case_persons', column: 'given_name_sealed', field: 'given_name', module: 'cases' },
  { table: 'case_persons', column: 'family_name_sealed', field: 'family_name', module: 'cases' },
  { table: 'case_persons', column: 'birth_date_sealed', field: 'birth_date', module: 'cases' },
  { table: 'case_consents', column: 'purpose_sealed', field: 'purpose', module: 'cases' },
  { table: 'case_consents', column: 'document_reference_sealed', field: 'document_reference', module: 'cases' },
  { table: 'case_consents', column: 'withdrawal_reason_sealed', field: 'withdrawal_reason', module: 'cases' },
  { table: 'case_items', column: 'body_sealed', field: 'body', module: 'cases' },
  { table: 'case_events', column: 'text_sealed', field: 'text', module: 'cases' },
  { table: 'signals', column: 'description_sealed', field: 'description', module: 'signals' },
  { table: 'signals', column: 'subject_given_name_sealed', field: 'subject_given_name', module: 'signals' },
  { table: 'signals', column: 'subject_family_name_sealed', field: 'subject_family_name', module: 'signals' },
  { table: 'signals', column: 'subject_birth_date_sealed', field: 'subject_birth_date', module: 'signals' },
  { table: 'signals', column: 'reporter_sealed', field: 'reporter', module: 'signals' },
  { table: 'signals', column: 'decision_rationale_sealed', field: 'decision_rationale', module: 'signals' },
  { table: 'signal_messages', column: 'body_sealed', field: 'body', module: 'signals' },
  { table: 'screenings', column: 'answers_sealed', field: 'answers', module: 'screening' },
  { table: 'screenings', column: 'rationale_sealed', field: 'rationale', module: 'screening' },
  { table: 'inquiries', column: 'purpose_sealed', field: 'purpose', module: 'inquiries' },
  { table: 'inquiries', column: 'subject_sealed', field: 'subject', module: 'inquiries' },
  { table: 'inquiry_questions', column: 'note_sealed', field: 'note', module: 'inquiries' },
  { table: 'plan_objectives', column: 'title_sealed', field: 'title', module: 'plans' },
  { table: 'plan_evaluations', column: 'note_sealed', field: 'note', module: 'plans' },
  { table: 'plan_agreements', column: 'description_sealed', field: 'description', module: 'plans' },
  { table: 'feedback_forms', column: 'body_sealed', field: 'body', module: 'feedback' },
  { table: 'feedback_forms', column: 'quotes_sealed', field: 'quotes', module: 'feedback' },
  { table: 'feedback_forms', column: 'pdf_sealed', field: 'pdf', module: 'feedback' },
  { table: 'feedback_approvals', column: 'reason_sealed', field: 'reason', module: 'feedback' },
  { table: 'meeting_minute_entries', column: 'text_sealed', field: 'text', module: 'minutes' },
] as const satisfies readonly { table: keyof Database; column: string; field: string; module: string }[];

export type SealedTable = (typeof SEALED_COLUMNS)[number]['table'];
export type SealedField<Table extends SealedTable> = Extract<(typeof SEALED_COLUMNS)[number], { table: Table }>['field'];
