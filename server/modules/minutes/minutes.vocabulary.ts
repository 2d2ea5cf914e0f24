/** A minutes entry: a note (a case item of the table's audience) or a decision (sealed text). */
export const MINUTE_ENTRY_KINDS = ['note', 'decision'] as const;
export type MinuteEntryKind = (typeof MINUTE_ENTRY_KINDS)[number];
