import type { FormValues, View } from '../../ui/view.ts';
import { LEGAL_FRAMEWORKS, TABLE_AUDIENCES, type PartnerTableDetail, type TableField } from './tables.schemas.ts';

/** A table's editable values as form values, and one value as a reader sees it (labels, not codes). */

export const valuesOf = (table: PartnerTableDetail): FormValues => ({
  name: table.name,
  audience: table.audience,
  purpose: table.purpose,
  legalFramework: table.legalFramework,
  modalities: table.modalities,
});

/** A field's value as people read it: a vocabulary's label, or the text itself ("(empty)" when blank). */
export function shownValue(view: View, field: TableField, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return view.t('tables.history_empty_text');
  if (field === 'audience') return (TABLE_AUDIENCES as readonly string[]).includes(text) ? view.t(`tables.audience.${text}`) : text;
  if (field === 'legalFramework') return (LEGAL_FRAMEWORKS as readonly string[]).includes(text) ? view.t(`tables.legal_framework.${text}`) : text;
  return text;
}
