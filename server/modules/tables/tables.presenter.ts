import type { PartnerTableTable } from '../../db/schema.ts';
import type { TableMemberRow } from './tables.queries.ts';
import type { LegalFramework, PartnerTable, PartnerTableDetail, TableAudience, TableMember, TableMemberRole } from './tables.schemas.ts';

/** Row → API shape. The tenant stays out of every answer. */
export function presentTable(row: PartnerTableTable): PartnerTable {
  return {
    id: row.id,
    name: row.name,
    audience: row.audience as TableAudience,
    purpose: row.purpose,
    legalFramework: row.legal_framework as LegalFramework,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentTableMember(row: TableMemberRow): TableMember {
  return {
    userId: row.user_id,
    name: row.user_name,
    organisationName: row.organisation_name,
    role: row.role as TableMemberRole,
    addedAt: row.added_at,
  };
}

export function presentTableDetail(row: PartnerTableTable, members: readonly TableMemberRow[]): PartnerTableDetail {
  return { ...presentTable(row), members: members.map(presentTableMember) };
}
