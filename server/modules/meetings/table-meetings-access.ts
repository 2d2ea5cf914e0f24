import { can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { findTable, memberRoles } from '../tables/index.ts';
import type { MeetingFacts } from './meetings.policy.ts';

export interface TableForMeetings {
  readonly id: string;
  readonly name: string;
  readonly facts: MeetingFacts;
}

/**
 * A table whose meetings the actor may see: the coordinator's, or one they sit at. A table of
 * another network, a missing id and a table the actor does not sit at all answer `not_found`, alike.
 */
export async function openTableForMeetings(ctx: AppContext, actor: Actor, tableId: string): Promise<TableForMeetings> {
  const table = await findTable(ctx.db, actor, tableId);
  if (!table) throw new AppError('not_found');
  const facts: MeetingFacts = { tenantId: table.tenant_id, seats: await memberRoles(ctx.db, actor, table.id, actor.userId) };
  if (!can(actor, 'meetings.read', facts)) throw new AppError('not_found');
  return { id: table.id, name: table.name, facts };
}

/** The network's time zone (tenant setting, Europe/Brussels by default). */
export async function networkTimeZone(ctx: AppContext, actor: Actor): Promise<string> {
  return (await ctx.system.tenantById(actor.tenantId))?.time_zone ?? 'Europe/Brussels';
}
