import type { PartnerTableRow, TableMemberRow, TableRevisionRow } from './tables.queries.ts';
import {
  TABLE_FIELDS,
  type LegalFramework,
  type PartnerTable,
  type PartnerTableDetail,
  type TableAudience,
  type TableField,
  type TableMember,
  type TableMemberRole,
  type TableRevision,
} from './tables.schemas.ts';

/** Row → API shape. The tenant stays out of every answer. */
export function presentTable(row: PartnerTableRow): PartnerTable {
  return {
    id: row.id,
    name: row.name,
    audience: row.audience as TableAudience,
    purpose: row.purpose,
    legalFramework: row.legal_framework as LegalFramework,
    modalities: row.modalities,
    version: Number(row.version),
    modalitiesVersion: Number(row.modalities_version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentTableMember(row: TableMemberRow, modalitiesConfirmed: boolean): TableMember {
  return {
    userId: row.user_id,
    name: row.user_name,
    organisationName: row.organisation_name,
    role: row.role as TableMemberRole,
    addedAt: row.added_at,
    modalitiesConfirmed,
  };
}

/** `confirmed`: who confirmed the current modalities (the members' column and the caller's own flag). */
export function presentTableDetail(
  row: PartnerTableRow,
  members: readonly TableMemberRow[],
  confirmed: ReadonlySet<string>,
  callerId: string,
): PartnerTableDetail {
  const nothingToConfirm = Number(row.modalities_version) === 0;
  const hasConfirmed = (userId: string) => nothingToConfirm || confirmed.has(userId);
  return {
    ...presentTable(row),
    members: members.map((member) => presentTableMember(member, hasConfirmed(member.user_id))),
    modalitiesConfirmed: hasConfirmed(callerId),
  };
}

const isTableField = (field: string): field is TableField => (TABLE_FIELDS as readonly string[]).includes(field);

export function presentTableRevision(row: TableRevisionRow): TableRevision {
  return {
    version: Number(row.version),
    changedAt: row.changed_at,
    changedBy: { userId: row.changed_by, name: row.user_name, organisationName: row.organisation_name },
    fields: row.fields.split(',').filter(isTableField),
    changes: JSON.parse(row.changes) as TableRevision['changes'],
  };
}
