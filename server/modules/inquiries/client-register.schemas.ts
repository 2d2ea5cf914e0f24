import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { text } from '../../platform/strings.ts';
import { isoDate } from '../cases/index.ts';

/** At most this many people in one upload (an organisation's current clients, not an archive). */
export const CLIENT_REGISTER_MAX_ROWS = 5000;
/** The largest CSV body the upload route accepts. */
export const CLIENT_REGISTER_MAX_BYTES = 1024 * 1024;

/** One person an organisation guides: only what the blind index is made of. */
const person = z
  .strictObject({
    familyName: text().trim().min(1).max(100).describe('Family name as written in the organisation’s files; discarded after hashing'),
    birthDate: isoDate.describe('Birth date (YYYY-MM-DD): not in the future; discarded after hashing'),
  })
  .describe('A person the organisation currently guides');

export const clientRegisterSchema = z
  .strictObject({
    persons: z
      .array(person)
      .max(CLIENT_REGISTER_MAX_ROWS)
      .describe(
        `Every person the organisation currently guides (at most ${CLIENT_REGISTER_MAX_ROWS}); replaces the previous upload; an empty list clears the register`,
      ),
  })
  .describe('The organisation’s client register: names and birth dates in, only blind indexes kept');

export type ClientRegisterInput = z.infer<typeof clientRegisterSchema>;

export const clientRegisterOutput = z.object({ count: z.number().describe('How many distinct people the register now holds') });

export const clientRegisterSummaryOutput = z.object({
  count: z.number().describe('How many distinct people the register holds'),
  uploadedAt: z.string().nullable().describe('When the register was last replaced; null when never'),
});

const HEADER = ['familyname', 'birthdate'];

/**
 * A CSV upload (two columns `familyName,birthDate` under a header; a semicolon works as separator
 * too, as spreadsheet exports in Belgium use it) as the JSON input. A file without that header is a
 * validation error on `csv`; the rows are then checked by the same schema as a JSON upload, so a bad
 * row is named `persons.<n>.<field>` (n counts data rows from 0: line n + 2 of the file).
 */
export function personsFromCsv(body: string): { persons: unknown[] } {
  const firstLine = body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let rows: string[][];
  try {
    rows = parse(body, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch {
    throw new AppError('validation_failed', [{ path: 'csv', messageKey: 'validation.client_register.csv' }]);
  }
  const [header, ...data] = rows;
  if (!header || header.length !== 2 || header.some((cell, index) => cell.toLowerCase() !== HEADER[index]))
    throw new AppError('validation_failed', [{ path: 'csv', messageKey: 'validation.client_register.csv_header' }]);
  if (data.length > CLIENT_REGISTER_MAX_ROWS)
    throw new AppError('validation_failed', [
      { path: 'persons', messageKey: 'validation.client_register.too_many', values: { maximum: CLIENT_REGISTER_MAX_ROWS } },
    ]);
  return {
    persons: data.map((row) =>
      row.length === 2
        ? { familyName: row[0], birthDate: row[1] }
        : { familyName: row[0] ?? '', birthDate: row[1] ?? '', extra: row.slice(2).join(',') },
    ),
  };
}
