/**
 * The social map's words. Themes are the network's theme vocabulary (API.md "Fixed vocabularies",
 * the same default set the cases use), so that a gap and a service speak of the same things.
 */
export const DIRECTORY_THEMES = ['radicalisation', 'drugs', 'intra_family_violence', 'gangs', 'school_dropout', 'other'] as const;
export type DirectoryTheme = (typeof DIRECTORY_THEMES)[number];

/** HSDS 3.0 service status. */
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** HSDS 3.0 location types. */
export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;

/** Why no suitable offer was found (a gap); used by the gap register. */
export const GAP_REASONS = ['does_not_exist', 'waiting_list', 'exclusion_criteria', 'language', 'distance', 'cost'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** Age groups of the gap register: wide enough that a gap never points at a person. */
export const GAP_AGE_GROUPS = ['0-11', '12-17', '18-25', '26+'] as const;

/**
 * An ISO 639 language code: two letters (ISO 639-1, e.g. `nl`, `fr`, `ar`) or three (ISO 639-2/3,
 * e.g. `vls`, `tzm`), lower case.
 */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2,3}$/;

/** An entry not verified for this long is flagged (and its curators get one reminder, part 2). */
export const VERIFICATION_PERIOD_DAYS = 365;
