/**
 * The order of a built agenda (issue 12 "Agenda"), as pure functions of what the use case loaded:
 * first the cases with open or overdue agreements (from the plans module, through
 * `agenda-agreement-source.ts`), then new referrals (opened since the table's previous meeting), then
 * cases due for evaluation (the open cases discussed longest ago, never discussed counting from their
 * opening), then re-referrals (reopened since the previous meeting).
 */

export const AGENDA_REASONS = ['agreements', 'new_referral', 'evaluation', 're_referral', 'added'] as const;
export type AgendaReason = (typeof AGENDA_REASONS)[number];

export interface AgendaCandidate {
  readonly id: string;
  readonly reference: string;
  readonly openedAt: string;
  readonly reopenedAt: string | null;
}

export interface AgendaFacts {
  /** Start (ISO UTC) of the table's meeting before this one; null when this is the first. */
  readonly previousMeetingStart: string | null;
  /** Case id → start of the latest earlier meeting whose agenda held it. */
  readonly lastDiscussed: ReadonlyMap<string, string>;
  /** Cases with open or overdue agreements (empty while no plans module answers). */
  readonly withOpenAgreements: ReadonlySet<string>;
}

export interface OrderedAgendaCase {
  readonly caseId: string;
  readonly reason: AgendaReason;
}

const RANK: Record<AgendaReason, number> = { agreements: 0, new_referral: 1, evaluation: 2, re_referral: 3, added: 4 };

const since = (instant: string | null, previous: string | null): boolean => instant !== null && (previous === null || instant >= previous);

/** Why a case is on the agenda. */
export function agendaReasonOf(candidate: AgendaCandidate, facts: AgendaFacts): AgendaReason {
  if (facts.withOpenAgreements.has(candidate.id)) return 'agreements';
  if (candidate.reopenedAt !== null && since(candidate.reopenedAt, facts.previousMeetingStart)) return 're_referral';
  if (since(candidate.openedAt, facts.previousMeetingStart)) return 'new_referral';
  return 'evaluation';
}

/** The instant a case is sorted by within its group. */
function sortKey(candidate: AgendaCandidate, reason: AgendaReason, facts: AgendaFacts): string {
  if (reason === 're_referral') return candidate.reopenedAt ?? candidate.openedAt;
  if (reason === 'evaluation') return facts.lastDiscussed.get(candidate.id) ?? candidate.openedAt;
  if (reason === 'new_referral') return candidate.openedAt;
  return '';
}

/** The built agenda: every candidate once, by group, then by its instant (oldest first), then by reference. */
export function orderAgenda(candidates: readonly AgendaCandidate[], facts: AgendaFacts): OrderedAgendaCase[] {
  return candidates
    .map((candidate) => {
      const reason = agendaReasonOf(candidate, facts);
      return { candidate, reason, key: sortKey(candidate, reason, facts) };
    })
    .sort(
      (a, b) =>
        RANK[a.reason] - RANK[b.reason] ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
        (a.candidate.reference < b.candidate.reference ? -1 : a.candidate.reference > b.candidate.reference ? 1 : 0),
    )
    .map(({ candidate, reason }) => ({ caseId: candidate.id, reason }));
}

/** The order after moving one item a place up or down; the same order at either end or for an unknown id. */
export function moveAgendaItem(order: readonly string[], itemId: string, direction: 'up' | 'down'): string[] {
  const next = [...order];
  const from = next.indexOf(itemId);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= next.length) return next;
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** A proposed order is acceptable only when it names every current item exactly once. */
export function isReordering(current: readonly string[], proposed: readonly string[]): boolean {
  if (current.length !== proposed.length || new Set(proposed).size !== proposed.length) return false;
  const known = new Set(current);
  return proposed.every((id) => known.has(id));
}
