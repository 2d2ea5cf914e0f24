/** A table's regular (scheduled) meeting, or an interim consultation between two regular ones. */
export const MEETING_KINDS = ['regular', 'interim'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/**
 * A meeting's course: `planned`, then `in_progress` once started (the minutes are taken), then
 * `closed` (the minutes locked; corrections are addenda) — or `cancelled` instead.
 */
export const MEETING_STATUSES = ['planned', 'in_progress', 'closed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** What a `meeting.viewed` event records as `details.part`. */
export const MEETING_READ_PARTS = ['api', 'page', 'calendar'] as const;
export type MeetingReadPart = (typeof MEETING_READ_PARTS)[number];

/** Meeting length when neither the request nor a schedule says (two hours). */
export const DEFAULT_MEETING_MINUTES = 120;

/** How many proposals a schedule answer holds at most, and by default. */
export const MAX_PROPOSALS = 24;
export const DEFAULT_PROPOSALS = 6;

/**
 * The job closing a meeting schedules (payload `{ meetingId }`): the plans module handles it and sends
 * each partner organisation its own action points.
 */
export const MEETING_ACTION_POINTS_JOB = 'meeting.action_points';

/** Why a coordinator cancels a meeting: a code of this list, never free text (no case content can slip in). */
export const MEETING_CANCEL_REASONS = ['no_cases', 'no_quorum', 'holiday', 'other'] as const;
export type MeetingCancelReason = (typeof MEETING_CANCEL_REASONS)[number];
