import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { parseInput } from '../../http/validation.ts';
import { gapReportQuerySchema } from './directory-gaps.schemas.ts';
import { countGaps } from './directory-gaps.queries.ts';
import { DIRECTORY_THEMES, GAP_AGE_GROUPS, GAP_REASONS } from './directory.vocabulary.ts';

/** Counts from 1 up to this number minus one are never shown: "< 5". */
export const SUPPRESSION_THRESHOLD = 5;

/** One figure of the report: a count, or suppressed (`count` null) — never the small number. */
export interface ReportCount {
  readonly count: number | null;
  readonly suppressed: boolean;
}

export interface GapReport {
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly reasons: readonly string[];
  readonly themeReason: {
    readonly rows: { theme: string; cells: Record<string, ReportCount>; total: ReportCount }[];
    readonly totals: Record<string, ReportCount>;
  };
  readonly ageGroups: { ageGroup: string; count: ReportCount }[];
  readonly languages: { language: string | null; count: ReportCount }[];
  readonly total: ReportCount;
}

/** A single figure on its own: 0 and counts of at least the threshold are shown; 1–4 are suppressed. */
export function cellOf(count: number): ReportCount {
  return count > 0 && count < SUPPRESSION_THRESHOLD ? HIDDEN : { count, suppressed: false };
}

const HIDDEN: ReportCount = { count: null, suppressed: true };

/**
 * The cells of one breakdown (which adds up to the report's total): small counts suppressed, and —
 * secondary suppression — when exactly one cell is suppressed, the smallest other cell is too, so
 * that the total (known from another breakdown) minus the shown cells never yields a hidden count.
 */
export function suppressBreakdown(counts: readonly number[]): ReportCount[] {
  const cells = counts.map(cellOf);
  if (cells.filter((cell) => cell.suppressed).length === 1 && cells.length > 1) {
    const order = counts
      .map((count, index) => ({ count, index }))
      .filter(({ index }) => !cells[index]!.suppressed)
      // the smallest non-zero cell first (hiding a 0 would hide nothing), then zeros
      .sort((a, b) => (a.count === 0 ? 1 : 0) - (b.count === 0 ? 1 : 0) || a.count - b.count);
    cells[order[0]!.index] = HIDDEN;
  }
  return cells;
}

/**
 * The figures from raw counts (pure; the suppression rules live here):
 * - every cell of 1–4 is "< 5"; each breakdown (theme × reason cells, age groups, languages) hides at
 *   least two cells once it hides one (secondary suppression);
 * - totals (per theme, per reason, overall) are shown only when the report hides nothing at all —
 *   any shown total could otherwise be differenced against the shown cells (complementary
 *   suppression). A reader of a report with hidden cells can learn at most a range for the sum of
 *   two or more hidden cells, never one of them.
 */
export function buildGapReport(from: string, to: string, counts: Awaited<ReturnType<typeof countGaps>>): GapReport {
  const countOf = (theme: string, reason: string) => counts.themeReason.find((row) => row.theme === theme && row.reason === reason)?.count ?? 0;
  const pairs = DIRECTORY_THEMES.flatMap((theme) => GAP_REASONS.map((reason) => ({ theme, reason, count: countOf(theme, reason) })));
  const pairCells = suppressBreakdown(pairs.map((pair) => pair.count));
  const cellAt = (theme: string, reason: string) => pairCells[pairs.findIndex((pair) => pair.theme === theme && pair.reason === reason)]!;
  const ageRaw = GAP_AGE_GROUPS.map((ageGroup) => counts.ageGroups.find((row) => row.ageGroup === ageGroup)?.count ?? 0);
  const ageCells = suppressBreakdown(ageRaw);
  const languages = [...counts.languages].sort((a, b) => (a.language ?? '').localeCompare(b.language ?? ''));
  const languageCells = suppressBreakdown(languages.map((row) => row.count));
  const anyHidden = [...pairCells, ...ageCells, ...languageCells].some((cell) => cell.suppressed);
  const totalOf = (sum: number): ReportCount => (anyHidden ? HIDDEN : cellOf(sum));
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return {
    from,
    to,
    threshold: SUPPRESSION_THRESHOLD,
    reasons: GAP_REASONS,
    themeReason: {
      rows: DIRECTORY_THEMES.map((theme) => ({
        theme,
        cells: Object.fromEntries(GAP_REASONS.map((reason) => [reason, cellAt(theme, reason)])),
        total: totalOf(sum(GAP_REASONS.map((reason) => countOf(theme, reason)))),
      })),
      totals: Object.fromEntries(GAP_REASONS.map((reason) => [reason, totalOf(sum(DIRECTORY_THEMES.map((theme) => countOf(theme, reason))))])),
    },
    ageGroups: GAP_AGE_GROUPS.map((ageGroup, index) => ({ ageGroup, count: ageCells[index]! })),
    languages: languages.map((row, index) => ({ language: row.language, count: languageCells[index]! })),
    total: totalOf(sum(pairs.map((pair) => pair.count))),
  };
}

/**
 * The gap report over a period for the policy layers (analysts, the coordinator): anonymous figures
 * only, counts under 5 suppressed, totals suppressed where they would betray a suppressed cell.
 */
export async function gapReport(options: { query: unknown }, actor: Actor, ctx: AppContext): Promise<GapReport> {
  authorize(actor, 'directory.readGapReport');
  const { from, to } = parseInput(gapReportQuerySchema, options.query);
  return buildGapReport(from, to, await countGaps(ctx.db, actor.tenantId, from, to));
}
