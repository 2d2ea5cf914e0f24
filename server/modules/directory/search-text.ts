/**
 * Full-text search words, the same on both databases: the application folds text (lower case,
 * accents removed: "Crèche" → "creche", "École" → "ecole") before it is stored in `search_text` and
 * before a query is built, so that Dutch and French words match with or without their accents on
 * SQLite (FTS5) and PostgreSQL (tsvector, `simple` configuration) alike — without depending on the
 * `unaccent` extension being installable on the server.
 */

/** Lower case, diacritics removed (NFD, combining marks dropped), ligatures œ/æ/ß spelt out. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

/** The words of a text after folding: runs of letters and digits. */
export function searchWords(value: string): string[] {
  return foldText(value).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The folded text a service is indexed by: its words joined by single spaces. */
export function searchTextOf(parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .flatMap(searchWords)
    .join(' ');
}

/** At most this many words of a query count; the rest are ignored. */
export const MAX_QUERY_WORDS = 8;

/**
 * A query's words, folded: every word must occur, the last one as a prefix (typing "crec" finds
 * "crèche"). Null when the query has no word at all (only punctuation): no text filter.
 */
export function queryWords(query: string): string[] | null {
  const words = searchWords(query).slice(0, MAX_QUERY_WORDS);
  return words.length === 0 ? null : words;
}

/**
 * FTS5 MATCH syntax: each word quoted (so no word is read as an operator), the last with `*`.
 * Words are letters and digits only, so the quotes need no escaping.
 */
export function fts5Query(words: readonly string[]): string {
  return words.map((word, index) => (index === words.length - 1 ? `"${word}"*` : `"${word}"`)).join(' ');
}

/** PostgreSQL `to_tsquery` syntax: words joined by `&`, the last with `:*` (prefix). */
export function tsQuery(words: readonly string[]): string {
  return words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(' & ');
}
