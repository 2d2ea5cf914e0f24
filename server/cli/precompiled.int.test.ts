import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIST, ensureBuilt, staleReason, type BuildRecord } from '../../scripts/build.mjs';
import { startAppProcess, type AppProcess } from '../test/app-process.ts';

// `npm start` and `partnertafel` run the precompiled JavaScript in dist/ (scripts/build.mjs), not the
// TypeScript through tsx: these tests start the real processes without any loader (SQLite).

const REPO_ROOT = path.resolve(DIST, '..');

function currentRecord(): BuildRecord {
  return JSON.parse(readFileSync(path.join(DIST, 'current.json'), 'utf8')) as BuildRecord;
}

describe('the precompiled build', () => {
  test('a build is current after ensureBuilt, and a changed or missing source makes it stale', async () => {
    const folder = await ensureBuilt({ log: () => {} });
    const record = currentRecord();
    assert.equal(path.join(DIST, record.build), folder, 'ensureBuilt should answer the folder dist/current.json points at');
    assert.equal(staleReason(record), null, 'right after ensureBuilt the build should match the sources');
    assert.ok(record.inputs['server/main.ts'], 'the build should record server/main.ts among its sources');
    assert.ok(record.inputs['server/modules/cases/index.ts'], "the build should record the lazily imported modules' sources too");
    assert.ok(record.inputs['package-lock.json'], 'the build should watch package-lock.json (a dependency update rebuilds)');
    const [mtime, size] = record.inputs['server/main.ts']!;
    const touched: BuildRecord = { ...record, inputs: { ...record.inputs, 'server/main.ts': [mtime - 1000, size] } };
    assert.equal(staleReason(touched), 'server/main.ts changed', 'a source whose time differs from the build should make it stale');
    const vanished: BuildRecord = { ...record, inputs: { ...record.inputs, 'server/no-such-file.ts': [mtime, 1] } };
    assert.equal(staleReason(vanished), 'server/no-such-file.ts changed', 'a source that is gone should make the build stale');
    assert.equal(staleReason(null), 'no build yet', 'without dist/current.json there is no build');
  });
});

describe('npm start runs the precompiled server', () => {
  let dataDir = '';
  let app: AppProcess | undefined;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-start-'));
    app = await startAppProcess({ entry: 'scripts/start.mjs', args: [], env: { DATA_DIR: dataDir, PORT: '0' } });
  });

  after(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('it answers /healthz, serves the pages and the static files found from the application root', async () => {
    const health = await fetch(`${app!.url}/healthz`);
    assert.equal(health.status, 200, `GET /healthz should answer 200; the process said:\n${app!.output()}`);
    assert.deepEqual(await health.json(), { status: 'ok' }, 'the health check should say ok');
    const css = await fetch(`${app!.url}/public/app.css`);
    assert.equal(css.status, 200, 'the stylesheet (public/, found from the application root) should be served');
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/, 'the stylesheet should be served as CSS');
    // Every body is read to its end: an unread one keeps its connection busy, and the server's
    // shutdown then waits for it (SIGTERM below).
    await css.arrayBuffer();
    const htmx = await fetch(`${app!.url}/vendor/htmx.min.js`);
    assert.equal(htmx.status, 200, 'htmx (node_modules/htmx.org, found from the application root) should be served');
    await htmx.arrayBuffer();
    const page = await fetch(`${app!.url}/`, { headers: { 'accept-language': 'fr' } });
    const html = await page.text();
    assert.match(html, /<html lang="fr">/, 'a page should render in the asked language (locales/ read from the application root)');
    const setup = await app!.waitForOutput(/one-time setup link: (\S+)/);
    assert.ok(setup, `an empty database should print the one-time setup link; the process said:\n${app!.output()}`);
    const setupPage = await fetch(setup[1]!);
    assert.equal(setupPage.status, 200, 'the setup link of the precompiled server should open the setup page');
    await setupPage.arrayBuffer();
    assert.doesNotMatch(app!.output(), /tsx/, 'the process should not mention tsx');
  });

  test('SIGTERM stops it cleanly, also while clients leave answers unread', async () => {
    // Answers nobody reads keep their connections busy; the server must still stop (within its
    // grace period), not wait until it is killed.
    const unread: Response[] = [];
    for (let index = 0; index < 20; index++) {
      unread.push(await fetch(`${app!.url}/vendor/htmx.min.js`, { headers: { 'accept-encoding': 'identity' } }));
    }
    assert.ok(
      unread.every((response) => response.status === 200),
      'the unread answers should have started (200)',
    );
    assert.equal(await app!.stop(), 0, 'the server should exit 0 on SIGTERM, not be killed after 10 s (exit code null)');
  });
});

describe('the partnertafel command runs the precompiled CLI', () => {
  test('audit verify on a fresh SQLite database succeeds, and an unknown command prints the usage', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-cli-'));
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', DATA_DIR: dataDir };
      const verify = spawnSync(process.execPath, ['bin/partnertafel.js', 'audit', 'verify'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
      assert.equal(verify.status, 0, `audit verify should exit 0; it said:\n${verify.stdout}${verify.stderr}`);
      assert.match(verify.stdout, /Audit trail intact/, 'audit verify should report an intact (empty) trail');
      const unknown = spawnSync(process.execPath, ['bin/partnertafel.js', 'no-such-command'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
      assert.equal(unknown.status, 2, 'an unknown command should exit 2');
      assert.match(unknown.stderr, /Usage: partnertafel <command>/, 'an unknown command should print the usage');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
