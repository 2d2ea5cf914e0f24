import { existsSync } from 'node:fs';

/**
 * The application's root folder (the one holding package.json, locales/, public/ and node_modules/),
 * as a file URL ending in `/`. Found by walking up from this module, so that the same code works from
 * the TypeScript sources (server/platform/) and from the precompiled bundle (dist/<build>/, see
 * scripts/build.mjs), where a fixed `../../` would point elsewhere.
 */
export function findAppRoot(from: string | URL): URL {
  let folder = new URL('./', from);
  for (;;) {
    if (existsSync(new URL('package.json', folder)) && existsSync(new URL('locales/', folder))) return folder;
    const parent = new URL('../', folder);
    if (parent.href === folder.href) throw new Error(`No application root (package.json with locales/) above ${String(from)}`);
    folder = parent;
  }
}

export const APP_ROOT: URL = findAppRoot(import.meta.url);
