/** The tables module's public surface: partner tables and their members (meetings come later). */
import { registerTableRoutes } from './tables.routes.ts';
import { registerTablePages } from './tables.pages.tsx';
import { registerTableConfirmationPages } from './table-confirmations.pages.tsx';
import type { ModuleRegistration } from '../module-manifest.ts';
export { registerTableRoutes } from './tables.routes.ts';
export { registerTablePages } from './tables.pages.tsx';
export {
  findTable,
  listTablesForSelect,
  isKeyFigure,
  keyFigureTableIds,
  keyFiguresOf,
  listTableMembers,
  keyFigureTablesSubquery,
  tableNameSubquery,
  memberRoles,
  seatsOfUser,
  seatedUserIds,
  tableIdsOfAudience,
  type KeyFigure,
} from './tables.queries.ts';
export { createTable } from './create-table.ts';
export { updateTable } from './update-table.ts';
export { viewTableHistory } from './view-table-history.ts';
export { addTableMember } from './add-table-member.ts';
export { removeTableMember } from './remove-table-member.ts';
export { modalitiesConfirmedBy } from './view-table-modalities.ts';
export { modalitiesPlace } from './table-modalities.views.tsx';
export {
  LEGAL_FRAMEWORKS,
  TABLE_AUDIENCES,
  TABLE_MEMBER_ROLES,
  type LegalFramework,
  type TableAudience,
  type TableMemberRole,
  type PartnerTable,
  type PartnerTableDetail,
  type TableRevision,
} from './tables.schemas.ts';

/** Registers the module's API routes and pages (called through its manifest). */
export async function registerTablesModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerTableRoutes(app, ctx, apiRoutes);
  registerTablePages(app, ctx, cookies);
  registerTableConfirmationPages(app, ctx, cookies);
}
