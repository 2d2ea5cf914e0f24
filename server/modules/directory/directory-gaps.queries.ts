import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/* The gap register's and the publishing setting's queries, always scoped to one network. */

export async function insertGap(
  db: Kysely<Database>,
  gap: {
    id: string;
    tenantId: string;
    theme: string;
    ageGroup: string;
    language: string | null;
    reason: string;
    caseId: string | null;
    recordedAt: string;
    organisationId: string;
  },
): Promise<void> {
  await db
    .insertInto('directory_gaps')
    .values({
      id: gap.id,
      tenant_id: gap.tenantId,
      theme: gap.theme,
      age_group: gap.ageGroup,
      language: gap.language,
      reason: gap.reason,
      case_id: gap.caseId,
      recorded_at: gap.recordedAt,
      recorded_by_organisation_id: gap.organisationId,
    })
    .execute();
}

/** The half-open time range [from 00:00, day after `to` 00:00) in stored ISO text. */
function periodBounds(from: string, to: string): [string, string] {
  const next = new Date(`${to}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return [`${from}T00:00:00.000Z`, next.toISOString()];
}

export interface GapCounts {
  readonly themeReason: { theme: string; reason: string; count: number }[];
  readonly ageGroups: { ageGroup: string; count: number }[];
  readonly languages: { language: string | null; count: number }[];
}

/**
 * Counts of the network's gaps recorded in the period, by theme × reason, by age group and by
 * language. Only counts leave the database: no case, no recorder organisation, no single gap.
 */
export async function countGaps(db: Kysely<Database>, tenantId: string, from: string, to: string): Promise<GapCounts> {
  const [start, end] = periodBounds(from, to);
  const base = () =>
    db.selectFrom('directory_gaps').where('tenant_id', '=', tenantId).where('recorded_at', '>=', start).where('recorded_at', '<', end);
  const themeReason = await base()
    .select(['theme', 'reason', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['theme', 'reason'])
    .execute();
  const ageGroups = await base()
    .select(['age_group', (eb) => eb.fn.countAll().as('n')])
    .groupBy('age_group')
    .execute();
  const languages = await base()
    .select(['language', (eb) => eb.fn.countAll().as('n')])
    .groupBy('language')
    .execute();
  return {
    themeReason: themeReason.map((row) => ({ theme: row.theme, reason: row.reason, count: Number(row.n) })),
    ageGroups: ageGroups.map((row) => ({ ageGroup: row.age_group, count: Number(row.n) })),
    languages: languages.map((row) => ({ language: row.language, count: Number(row.n) })),
  };
}

export async function isMapPublished(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom('directory_settings').select('published').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.published === 1;
}

/** Sets the publishing flag (creating the network's settings row on first use); returns whether it changed. */
export async function setMapPublished(db: Kysely<Database>, tenantId: string, published: boolean, now: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('directory_settings').select(['published', 'version']).where('tenant_id', '=', tenantId).executeTakeFirst();
  const value = published ? 1 : 0;
  if (!row) {
    await db
      .insertInto('directory_settings')
      .values({ tenant_id: tenantId, published: value, updated_at: now, updated_by: userId, version: 1 })
      .execute();
    return published;
  }
  if (row.published === value) return false;
  await db
    .updateTable('directory_settings')
    .set({ published: value, updated_at: now, updated_by: userId, version: row.version + 1 })
    .where('tenant_id', '=', tenantId)
    .execute();
  return true;
}
