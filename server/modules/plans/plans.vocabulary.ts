/** The words of a case's plan of approach (issue 12): objective and agreement states, reasons, the reminder job. */
export const OBJECTIVE_STATUSES = ['open', 'achieved', 'dropped'] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

export const AGREEMENT_STATUSES = ['open', 'done', 'not_done'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** Why an agreement was not done, as the minutes record it. */
export const NOT_DONE_REASONS = ['circumstances_changed', 'organisation_did_not_act'] as const;
export type NotDoneReason = (typeof NOT_DONE_REASONS)[number];

/** The job that reminds the responsible organisation once, the day after an open agreement's due date. */
export const AGREEMENT_OVERDUE_JOB = 'agreement.overdue';
