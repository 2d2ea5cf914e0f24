import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';

/** The providers on the map (id and name, by name), for the "new entry" form. */
export async function listProviders(actor: Actor, ctx: AppContext): Promise<{ id: string; name: string }[]> {
  authorize(actor, 'directory.create');
  return ctx.db
    .selectFrom('directory_organisations')
    .select(['id', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The language codes the map's services are offered in, for the search's language choices. */
export async function languagesInUse(actor: Actor, ctx: AppContext): Promise<string[]> {
  authorize(actor, 'directory.read');
  const rows = await ctx.db.selectFrom('directory_service_languages').select('code').distinct().where('tenant_id', '=', actor.tenantId).execute();
  return rows.map((row) => row.code);
}
