import type { Database } from '../../db/schema.ts';

/**
 * Every column of the case module that holds a sealed value, with the field name bound into its
 * associated data (`<table>:<record id>:<field>`). Key rotation walks this list; the encryption
 * canary test writes a marker into each of them and proves none reaches the files in clear.
 */
export const SEALED_COLUMNS = [
  { table: 'cases', column: 'summary_sealed', field: 'summary' },
  { table: 'cases', column: 'closure_rationale_sealed', field: 'closure_rationale' },
  { table: 'cases', column: 'age_exception_reason_sealed', field: 'age_exception_reason' },
  { table: 'case_persons', column: 'given_name_sealed', field: 'given_name' },
  { table: 'case_persons', column: 'family_name_sealed', field: 'family_name' },
  { table: 'case_persons', column: 'birth_date_sealed', field: 'birth_date' },
  { table: 'case_consents', column: 'purpose_sealed', field: 'purpose' },
  { table: 'case_consents', column: 'document_reference_sealed', field: 'document_reference' },
  { table: 'case_consents', column: 'withdrawal_reason_sealed', field: 'withdrawal_reason' },
  { table: 'case_items', column: 'body_sealed', field: 'body' },
  { table: 'case_events', column: 'text_sealed', field: 'text' },
] as const satisfies readonly { table: keyof Database; column: string; field: string }[];

export type SealedTable = (typeof SEALED_COLUMNS)[number]['table'];
export type SealedField<Table extends SealedTable> = Extract<(typeof SEALED_COLUMNS)[number], { table: Table }>['field'];
