import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { APP_ROOT } from '../platform/app-root.ts';

/**
 * The stylesheet and scripts every page loads, served under names that carry a hash of their content
 * (`/public/app.3f9c1a2b7d4e.css`), so a browser may keep them for a year: a new release has new names.
 * The hashes are computed once at start from the files on disk. The plain names keep working with a
 * short cache (bookmarks, old pages still open).
 */
export interface Asset {
  /** The stable name under which the file is also served (short cache). */
  readonly plainPath: string;
  /** The content-addressed name the pages reference (immutable cache). */
  readonly hashedPath: string;
  readonly contentType: string;
  readonly body: Buffer;
}

const SOURCES = {
  css: { file: new URL('public/app.css', APP_ROOT), plainPath: '/public/app.css', contentType: 'text/css; charset=utf-8' },
  js: { file: new URL('public/app.js', APP_ROOT), plainPath: '/public/app.js', contentType: 'text/javascript; charset=utf-8' },
  htmx: {
    file: new URL('node_modules/htmx.org/dist/htmx.min.js', APP_ROOT),
    plainPath: '/vendor/htmx.min.js',
    contentType: 'text/javascript; charset=utf-8',
  },
} as const;

export type AssetName = keyof typeof SOURCES;

/** `/public/app.css` + content → `/public/app.<12 hex>.css`. */
export function hashedName(plainPath: string, body: Buffer): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const dot = plainPath.lastIndexOf('.');
  return `${plainPath.slice(0, dot)}.${hash}${plainPath.slice(dot)}`;
}

function load(): Record<AssetName, Asset> {
  const entries = Object.entries(SOURCES).map(([name, source]) => {
    const body = readFileSync(fileURLToPath(source.file));
    return [name, { plainPath: source.plainPath, hashedPath: hashedName(source.plainPath, body), contentType: source.contentType, body }];
  });
  return Object.fromEntries(entries) as Record<AssetName, Asset>;
}

/** Read at start; every page references `ASSETS.css.hashedPath` and so on. */
export const ASSETS: Readonly<Record<AssetName, Asset>> = load();

/** One year, never revalidated: the name changes when the content does. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
