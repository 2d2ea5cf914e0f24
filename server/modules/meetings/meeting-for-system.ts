import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { findTable } from '../tables/index.ts';
import { listAgendaItems } from './agenda.queries.ts';
import type { MeetingStatus } from './meetings.vocabulary.ts';
import { findMeeting } from './meetings.queries.ts';

/** A meeting as system work (jobs of other modules) needs it: ids, table name, start, status, agenda cases. */
export interface MeetingForSystem {
  readonly id: string;
  readonly tableId: string;
  readonly tableName: string;
  readonly startsAt: string;
  readonly status: MeetingStatus;
  /** The case ids on the meeting's agenda, in agenda order. */
  readonly agendaCaseIds: readonly string[];
}

/** The network as the reader (reads only, within one tenant; no user, no organisation). */
const systemReader = (tenantId: string): Actor => ({
  tenantId,
  userId: 'system',
  organisationId: '',
  roles: new Set(['coordinator']),
  locale: null,
  authentication: { kind: 'token', tokenId: 'jobs' },
});

/**
 * One meeting of a network with its agenda's case ids, for a job (e.g. the plans module's action
 * points after closing). Ids, the table's name and times only — never case content; null when the
 * meeting or its table is missing.
 */
export async function meetingForSystem(ctx: AppContext, tenantId: string, meetingId: string): Promise<MeetingForSystem | null> {
  const reader = systemReader(tenantId);
  const row = await findMeeting(ctx.db, reader, meetingId);
  if (!row) return null;
  const table = await findTable(ctx.db, reader, row.table_id);
  if (!table) return null;
  const items = await listAgendaItems(ctx.db, reader, row.id);
  return {
    id: row.id,
    tableId: row.table_id,
    tableName: table.name,
    startsAt: row.starts_at,
    status: row.status as MeetingStatus,
    agendaCaseIds: [...new Set(items.map((item) => item.case_id))],
  };
}
