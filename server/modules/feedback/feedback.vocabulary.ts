/** A feedback form is a draft until the coordinator sends it; a sent form never changes. */
export const FEEDBACK_STATUSES = ['draft', 'sent'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** An attendee's decision on one version of a form. */
export const FEEDBACK_DECISIONS = ['approve', 'refuse'] as const;
export type FeedbackDecision = (typeof FEEDBACK_DECISIONS)[number];
