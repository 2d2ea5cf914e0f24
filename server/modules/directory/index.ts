/** The directory module's public surface: the social map (services, search, HSDS import and export). */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerDirectoryRoutes } from './directory.routes.ts';
import { registerDirectoryGapRoutes } from './directory-gaps.routes.ts';
import { registerDirectoryGapPages } from './directory-gaps.pages.tsx';
import { registerDirectoryPublicRoutes } from './directory-public.routes.ts';
import { registerDirectoryPublicPages } from './directory-public.pages.tsx';
import { registerDirectoryPages } from './directory.pages.tsx';
import { registerDirectoryImportPage } from './directory-import.pages.tsx';
import { registerDirectoryJobHandlers } from './remind-verification.ts';
export { registerDirectoryRoutes } from './directory.routes.ts';
export { createService } from './create-service.ts';
export { updateService } from './update-service.ts';
export { verifyService } from './verify-service.ts';
export { getService } from './get-service.ts';
export { listServices } from './list-services.ts';
export { importHsds } from './import-hsds.ts';
export { exportHsds } from './export-hsds.ts';
export { DIRECTORY_VERIFICATION_SCAN_JOB, ensureVerificationScans, remindVerifications, scheduleVerificationScan } from './remind-verification.ts';
export { hsdsDocumentSchema, hsdsServiceSchema, type HsdsService } from './hsds.schema.ts';
export { DIRECTORY_THEMES, GAP_AGE_GROUPS, GAP_REASONS, SERVICE_STATUSES, type DirectoryTheme, type GapReason } from './directory.vocabulary.ts';
export type { DirectoryService, ServiceCreate, ServicePatch } from './directory.schemas.ts';
export { recordGap } from './record-gap.ts';
export { gapReport, type GapReport } from './gap-report.ts';
export { publishMap, readDirectorySettings } from './publish-map.ts';

/** Registers the module's API routes, pages and job handler (the yearly verification reminder). */
export async function registerDirectoryModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerDirectoryJobHandlers();
  registerDirectoryRoutes(app, ctx, apiRoutes);
  registerDirectoryPages(app, ctx, cookies);
  await registerDirectoryImportPage(app, ctx, cookies);
  registerDirectoryGapRoutes(app, ctx, apiRoutes);
  registerDirectoryGapPages(app, ctx, cookies);
  registerDirectoryPublicRoutes(app, ctx, apiRoutes);
  registerDirectoryPublicPages(app, ctx, cookies);
}
export { linkedServices, serviceChoices, type LinkedService } from './linked-services.ts';
