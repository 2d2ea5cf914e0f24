import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { newServiceDoc } from './curation-doc.ts';
import { findDirectoryOrganisation, isNetworkOrganisation } from './directory.queries.ts';
import type { DirectoryService, ServiceCreate } from './directory.schemas.ts';
import { getService } from './get-service.ts';
import { organizationFromRow, rowsFromDoc } from './hsds.mapping.ts';
import { hsdsServiceSchema, type HsdsOrganization } from './hsds.schema.ts';
import { storeService } from './store-service.ts';
import { parseInput } from '../../http/validation.ts';

/**
 * The curator organisation a new or changed entry gets. The coordinator may name any organisation of
 * the network (or none: the coordinator curates); anyone else curates for their own organisation —
 * naming another is 403 (`directory.assignCurator`). An unknown organisation is a validation error.
 */
export async function resolveCurator(ctx: AppContext, actor: Actor, requested: string | null | undefined): Promise<string | null | undefined> {
  if (requested === undefined) return undefined;
  if (requested !== actor.organisationId) authorize(actor, 'directory.assignCurator');
  if (requested !== null && !(await isNetworkOrganisation(ctx.db, actor.tenantId, requested)))
    throw new AppError('validation_failed', [{ path: 'curatorOrganisationId', messageKey: 'validation.unknown_organisation' }]);
  return requested;
}

/**
 * Adds an entry to the map: a service of an existing provider (`organisationId`) or of a new one
 * (`organisation`). Stored as its HSDS document (the service's HSDS id is its own id); audited
 * `directory.service_created` in the same transaction.
 */
export async function createService(options: { input: ServiceCreate }, actor: Actor, ctx: AppContext): Promise<DirectoryService> {
  authorize(actor, 'directory.create');
  const { input } = options;
  const coordinator = can(actor, 'directory.assignCurator');
  const curator = (await resolveCurator(ctx, actor, input.curatorOrganisationId)) ?? (coordinator ? null : actor.organisationId);
  let organization: HsdsOrganization;
  if (input.organisationId !== undefined) {
    const provider = await findDirectoryOrganisation(ctx.db, actor.tenantId, input.organisationId);
    if (!provider) throw new AppError('validation_failed', [{ path: 'organisationId', messageKey: 'validation.directory_provider_unknown' }]);
    organization = organizationFromRow({ ...provider });
  } else {
    const provider = input.organisation!;
    organization = {
      id: newId(),
      name: provider.name,
      description: provider.description ?? '',
      email: provider.email ?? null,
      website: provider.website ?? null,
    };
  }
  const id = newId();
  const doc = parseInput(hsdsServiceSchema, newServiceDoc(id, organization, input));
  const rows = rowsFromDoc(doc);
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await storeService(trx, rows, { tenantId: actor.tenantId, now, userId: actor.userId, existing: null, curatorOrganisationId: curator, id });
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'directory.service_created',
      resource: { type: 'directory_service', id },
      requestId: actor.requestId ?? null,
      details: { curator: curator === null ? 'coordinator' : curator === actor.organisationId ? 'own_organisation' : 'other_organisation' },
    });
  });
  return getService({ id }, actor, ctx);
}
