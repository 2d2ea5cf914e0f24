#!/usr/bin/env node
// Precompiles the server and the CLI to plain JavaScript, so that `npm start` and `partnertafel` run
// without transpiling at start (tsx stays for the tests and the benches).
//
// Layout (all git-ignored):
//   dist/current.json         which build is current, and the source files it was made from
//                             (path → [mtime, size]), so a start knows cheaply whether it is stale
//   dist/b-<time>-<pid>/      one build: main.js (the web application) and cli.js (the command line)
//   dist/.lock/               held while one process builds; the others wait, then reuse its build
//   dist/.compile-cache/      V8's code cache of the bundle (Node.js 22.1+), filled by the first start
//
// esbuild bundles server/ (hono/jsx from tsconfig.json; JSON imports inlined; the modules' lazy
// `import('./index.ts')` inlined too) together with the pure-JavaScript packages it imports: loading
// one file instead of ~1 400 is most of what a start saves. Packages that must stay files in
// node_modules stay external (EXTERNAL below): the native addons, pdfmake (reads its font metrics from
// files next to itself), pino (starts worker threads by file name) and pg's optional native binding.
// Bundled CommonJS packages get a real `require` (banner), so their require('node:…') and the
// externals resolve from node_modules as before. Files read at run time (locales/, public/,
// node_modules/htmx.org) are found from the application root (server/platform/app-root.ts), which
// works from the sources and from dist/ alike.
//
// `node scripts/build.mjs` builds now (even when current); `ensureBuilt()` builds only when needed.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
const CURRENT = path.join(DIST, 'current.json');
const LOCK = path.join(DIST, '.lock');
const ENTRIES = { main: 'server/main.ts', cli: 'server/cli/index.ts' };
const EXTERNAL = ['better-sqlite3', '@node-rs/argon2', 'pdfmake', 'pino', 'thread-stream', 'pino-pretty', 'pg-native'];
/**
 * Files that change the output without being our sources: the packages (npm rewrites its hidden
 * lockfile in node_modules on every install), the compiler settings and this script.
 */
const ALSO_WATCHED = ['package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];
const STALE_LOCK_MS = 120_000;

function signature(relative) {
  try {
    const stat = statSync(path.join(ROOT, relative));
    return [stat.mtimeMs, stat.size];
  } catch {
    return null;
  }
}

function readCurrent() {
  try {
    return JSON.parse(readFileSync(CURRENT, 'utf8'));
  } catch {
    return null;
  }
}

/** Why the current build cannot be used, or null when it can. */
export function staleReason(current = readCurrent()) {
  if (!current || typeof current.build !== 'string' || typeof current.inputs !== 'object') return 'no build yet';
  if (current.node !== process.versions.node.split('.')[0]) return 'another Node.js major version';
  for (const entry of Object.keys(ENTRIES)) {
    if (signature(path.join('dist', current.build, `${entry}.js`)) === null) return `dist/${current.build}/${entry}.js is missing`;
  }
  for (const [relative, recorded] of Object.entries(current.inputs)) {
    const now = signature(relative);
    if (now === null || now[0] !== recorded[0] || now[1] !== recorded[1]) return `${relative} changed`;
  }
  return null;
}

async function withLock(work) {
  mkdirSync(DIST, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A builder that died leaves its lock behind: after two minutes it no longer counts.
      const held = signature(path.relative(ROOT, LOCK));
      if (held && Date.now() - held[0] > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds into a new folder, then points dist/current.json at it (a rename: readers never see half). */
export async function build() {
  const { build: esbuild, version } = await import('esbuild');
  const name = `b-${Date.now()}-${process.pid}`;
  const outdir = path.join(DIST, name);
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    external: EXTERNAL,
    tsconfig: 'tsconfig.json',
    // Whitespace and syntax only: names stay as written, so stack traces read as before (and the map links the sources).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __partnertafelRequire } from 'node:module'; const require = __partnertafelRequire(import.meta.url);" },
  });
  const inputs = {};
  for (const relative of [...Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/')), ...ALSO_WATCHED]) {
    const now = signature(relative);
    if (now) inputs[relative] = now;
  }
  const current = { build: name, esbuild: version, node: process.versions.node.split('.')[0], builtAt: new Date().toISOString(), inputs };
  const temporary = `${CURRENT}.${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(current)}\n`);
  const previous = readCurrent();
  renameSync(temporary, CURRENT);
  // Older builds go; the one just replaced stays, for a process that read the pointer a moment ago.
  for (const entry of readdirSync(DIST)) {
    if (entry.startsWith('b-') && entry !== name && entry !== previous?.build) rmSync(path.join(DIST, entry), { recursive: true, force: true });
  }
  return current;
}

/**
 * The folder of a build that matches the sources, building one first when there is none or the sources
 * (or package-lock.json) changed since. Cheap when current: one stat per source file.
 */
export async function ensureBuilt({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  let current = readCurrent();
  if (staleReason(current) !== null) {
    current = await withLock(async () => {
      const again = readCurrent();
      const reason = staleReason(again);
      if (reason === null) return again;
      const started = Date.now();
      const built = await build();
      log(`Built the server to dist/${built.build} in ${Date.now() - started} ms (${reason}).`);
      return built;
    });
  }
  return path.join(DIST, current.build);
}

/**
 * The file URL of one entry of the current build (`main` or `cli`), building first when needed. On
 * Node.js 22.1+ it also turns on V8's compile cache in dist/.compile-cache, so later starts skip
 * compiling the bundle (Node 20 has none: there the call does nothing).
 */
export async function builtEntry(entry, options) {
  const folder = await ensureBuilt(options);
  module.enableCompileCache?.(path.join(DIST, '.compile-cache'));
  return pathToFileURL(path.join(folder, `${entry}.js`)).href;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const built = await withLock(build);
  process.stdout.write(`Built the server to dist/${built.build} in ${Date.now() - started} ms.\n`);
}
