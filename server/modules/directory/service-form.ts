import type { FormValues } from '../../ui/view.ts';
import type { FieldIssue } from '../../platform/errors.ts';
import type { DirectoryService } from './directory.schemas.ts';
import { WEEKDAYS } from './directory.schemas.ts';

/*
 * The repeated parts of the service form — contact people, opening hours, locations — as rows of
 * plain fields (`contacts.0.email`, `hours.2.opens`, `locations.1.city`), so that the form works
 * without client-side script: a number of rows is drawn (the stored ones plus a blank one), "add
 * another" posts the form and draws it again with one more row, a row is removed by ticking its
 * "remove" box, and blank rows are ignored. The rows become the curation API's arrays; the API's
 * error paths (`contacts.1.email`) are mapped back to the form row they came from.
 */

export const ROW_GROUPS = {
  contacts: ['name', 'title', 'phone', 'email'],
  hours: ['day', 'opens', 'closes'],
  locations: ['name', 'address', 'postalCode', 'city', 'accessible'],
} as const;
export type RowGroup = keyof typeof ROW_GROUPS;
/** The API field each row group fills. */
export const API_FIELD: Record<RowGroup, 'contacts' | 'openingHours' | 'locations'> = {
  contacts: 'contacts',
  hours: 'openingHours',
  locations: 'locations',
};
/** At most this many rows of one kind (the API takes up to 20 contacts and 30 schedules or locations). */
export const MAX_ROWS: Record<RowGroup, number> = { contacts: 20, hours: 30, locations: 30 };

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
const cell = (values: FormValues, group: RowGroup, index: number, field: string): string =>
  (first(values[`${group}.${index}.${field}`]) ?? '').trim();
export const rowCountName = (group: RowGroup): string => `${group}Rows`;

/** How many rows of a group the form holds (its hidden count, at least 1, at most the maximum). */
export function rowCount(values: FormValues, group: RowGroup): number {
  const count = Number(first(values[rowCountName(group)]));
  return Number.isInteger(count) && count >= 1 ? Math.min(count, MAX_ROWS[group]) : 1;
}

const isRemoved = (values: FormValues, group: RowGroup, index: number) => first(values[`${group}.${index}.remove`]) === 'true';
/** A row without anything typed (the weekday of an opening-hours row and the "accessible" box alone do not count). */
const isBlank = (values: FormValues, group: RowGroup, index: number) =>
  ROW_GROUPS[group].filter((field) => field !== 'day' && field !== 'accessible').every((field) => cell(values, group, index, field) === '');

export interface RowInput {
  /** The API's array for the group. */
  readonly items: Record<string, unknown>[];
  /** For each item, the form row it came from. */
  readonly rows: number[];
}

const optional = (value: string): string | undefined => (value === '' ? undefined : value);

/** The rows of one group as the API's items (blank and removed rows left out). */
export function rowInput(values: FormValues, group: RowGroup): RowInput {
  const items: Record<string, unknown>[] = [];
  const rows: number[] = [];
  for (let index = 0; index < rowCount(values, group); index += 1) {
    if (isRemoved(values, group, index) || isBlank(values, group, index)) continue;
    const get = (field: string) => cell(values, group, index, field);
    rows.push(index);
    if (group === 'contacts')
      items.push({ name: optional(get('name')), title: optional(get('title')), phone: optional(get('phone')), email: optional(get('email')) });
    else if (group === 'hours') items.push({ days: [get('day')], opensAt: get('opens'), closesAt: get('closes') });
    else
      items.push({
        name: optional(get('name')),
        address: get('address'),
        postalCode: get('postalCode'),
        city: get('city'),
        accessible: get('accessible') === 'true',
      });
  }
  return { items, rows };
}

/**
 * Opening-hours rows (one weekday each) as HSDS-style weekly schedules: the rows with the same hours
 * become one schedule over their days, in weekday order ("MO,TU,TH 09:00–12:00").
 */
export function groupOpeningHours<Hours extends { days: string[]; opensAt: string; closesAt: string }>(rows: readonly Hours[]) {
  const byHours = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = `${row.opensAt}-${row.closesAt}`;
    const days = byHours.get(key) ?? new Set<string>();
    for (const day of row.days) days.add(day);
    byHours.set(key, days);
  }
  return [...byHours.entries()]
    .map(([key, days]) => {
      const [opensAt, closesAt] = key.split('-') as [string, string];
      return { days: WEEKDAYS.filter((day) => days.has(day)), opensAt, closesAt };
    })
    .sort((a, b) => WEEKDAYS.indexOf(a.days[0]!) - WEEKDAYS.indexOf(b.days[0]!) || a.opensAt.localeCompare(b.opensAt));
}

/** Opening hours as one (day, opens, closes) line per weekday and slot, sorted: to compare a form with the stored entry. */
const hourLines = (hours: readonly { days: readonly string[]; opensAt: string; closesAt: string }[]) =>
  hours
    .flatMap((entry) => entry.days.map((day) => `${WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number])} ${entry.opensAt} ${entry.closesAt}`))
    .sort()
    .join('|');
const contactLines = (contacts: readonly Record<string, unknown>[]) =>
  JSON.stringify(contacts.map((entry) => [entry.name ?? '', entry.title ?? '', entry.phone ?? '', entry.email ?? '']));
const locationLines = (locations: readonly Record<string, unknown>[]) =>
  JSON.stringify(
    locations.map((entry) => [entry.name ?? '', entry.address ?? '', entry.postalCode ?? '', entry.city ?? '', entry.accessible === true]),
  );

/**
 * The groups' API fields from the form. A group whose rows say what the stored entry already holds
 * is left out, so saving the form unchanged keeps the HSDS ids and fields the form does not show
 * (descriptions of schedules, a location's coordinates).
 */
export function rowFields(values: FormValues, stored?: DirectoryService): { fields: Record<string, unknown>; rows: Record<RowGroup, number[]> } {
  const contacts = rowInput(values, 'contacts');
  const hours = rowInput(values, 'hours');
  const locations = rowInput(values, 'locations');
  const fields: Record<string, unknown> = {};
  if (!stored || contactLines(contacts.items) !== contactLines(stored.contacts)) fields.contacts = contacts.items;
  if (!stored || hourLines(hours.items as { days: string[]; opensAt: string; closesAt: string }[]) !== hourLines(stored.openingHours))
    fields.openingHours = hours.items;
  if (!stored || locationLines(locations.items) !== locationLines(stored.locations)) fields.locations = locations.items;
  return { fields, rows: { contacts: contacts.rows, hours: hours.rows, locations: locations.rows } };
}

/** An API error path in a group (`openingHours.2.closesAt`) as the form field it came from (`hours.5.closes`). */
export function formPathOf(issue: FieldIssue, rows: Record<RowGroup, number[]>): string | null {
  const match = /^(contacts|openingHours|locations)\.(\d+)(?:\.([A-Za-z]+))?/.exec(issue.path);
  if (!match) return null;
  const group = (Object.keys(API_FIELD) as RowGroup[]).find((key) => API_FIELD[key] === match[1])!;
  const row = rows[group][Number(match[2])];
  if (row === undefined) return null;
  const apiField = match[3] ?? '';
  const field = group === 'hours' ? ({ days: 'day', opensAt: 'opens', closesAt: 'closes' } as Record<string, string>)[apiField] : apiField;
  return `${group}.${row}.${field && (ROW_GROUPS[group] as readonly string[]).includes(field) ? field : ROW_GROUPS[group][0]}`;
}

/** A stored entry's contacts, opening hours (one row per weekday and slot) and locations as form rows, plus one blank row each. */
export function rowValues(service: DirectoryService | null): FormValues {
  const values: Record<string, string | undefined> = {};
  const contacts = service?.contacts ?? [];
  contacts.forEach((contact, index) => {
    values[`contacts.${index}.name`] = contact.name;
    values[`contacts.${index}.title`] = contact.title;
    values[`contacts.${index}.phone`] = contact.phone;
    values[`contacts.${index}.email`] = contact.email;
  });
  values[rowCountName('contacts')] = String(Math.min(contacts.length + 1, MAX_ROWS.contacts));
  const hours = (service?.openingHours ?? [])
    .flatMap((entry) => entry.days.map((day) => ({ day, opensAt: entry.opensAt, closesAt: entry.closesAt })))
    .sort((a, b) => WEEKDAYS.indexOf(a.day as never) - WEEKDAYS.indexOf(b.day as never) || a.opensAt.localeCompare(b.opensAt));
  hours.forEach((entry, index) => {
    values[`hours.${index}.day`] = entry.day;
    values[`hours.${index}.opens`] = entry.opensAt;
    values[`hours.${index}.closes`] = entry.closesAt;
  });
  if (hours.length === 0) {
    // No opening hours yet: a row for every weekday, to fill in the days it is open.
    WEEKDAYS.forEach((day, index) => (values[`hours.${index}.day`] = day));
    values[rowCountName('hours')] = String(WEEKDAYS.length);
  } else values[rowCountName('hours')] = String(Math.min(hours.length + 1, MAX_ROWS.hours));
  const locations = service?.locations ?? [];
  locations.forEach((place, index) => {
    values[`locations.${index}.name`] = place.name ?? undefined;
    values[`locations.${index}.address`] = place.address ?? undefined;
    values[`locations.${index}.postalCode`] = place.postalCode ?? undefined;
    values[`locations.${index}.city`] = place.city ?? undefined;
    values[`locations.${index}.accessible`] = place.accessible ? 'true' : undefined;
  });
  values[rowCountName('locations')] = String(Math.min(locations.length + 1, MAX_ROWS.locations));
  return values;
}

/** "Add another": the form's values with one more row of the group (up to its maximum). */
export function withAnotherRow(values: FormValues, group: RowGroup): FormValues {
  return { ...values, [rowCountName(group)]: String(Math.min(rowCount(values, group) + 1, MAX_ROWS[group])) };
}

export const isRowGroup = (value: string | undefined): value is RowGroup => value !== undefined && value in ROW_GROUPS;
