import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { parseInput } from '../../http/validation.ts';
import { isoNow } from '../../platform/clock.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { settingsSchema } from './directory-gaps.schemas.ts';
import { isMapPublished, setMapPublished } from './directory-gaps.queries.ts';

export interface DirectorySettings {
  readonly published: boolean;
  /** Where the public map is (answers 404 while not published). */
  readonly publicPath: string;
}

async function settingsOf(actor: Actor, ctx: AppContext): Promise<DirectorySettings> {
  const tenant = await ctx.system.tenantById(actor.tenantId);
  return { published: await isMapPublished(ctx.db, actor.tenantId), publicPath: `/map/${tenant?.slug ?? ''}` };
}

/** The map's publishing setting (the coordinator's settings page). */
export async function readDirectorySettings(actor: Actor, ctx: AppContext): Promise<DirectorySettings> {
  authorize(actor, 'directory.publish');
  return settingsOf(actor, ctx);
}

/**
 * Publishes or withdraws the public map (off by default). A change is audited
 * `directory.publishing_changed` in the same transaction; setting what is already set changes and
 * records nothing.
 */
export async function publishMap(options: { input: unknown }, actor: Actor, ctx: AppContext): Promise<DirectorySettings> {
  authorize(actor, 'directory.publish');
  const { published } = parseInput(settingsSchema, options.input);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await setMapPublished(trx, actor.tenantId, published, isoNow(ctx.clock), actor.userId))) return;
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'directory.publishing_changed',
      resource: { type: 'directory_settings', id: actor.tenantId },
      requestId: actor.requestId ?? null,
      details: { published },
    });
  });
  return settingsOf(actor, ctx);
}
