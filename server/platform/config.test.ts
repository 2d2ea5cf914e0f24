import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: SQLite in ./data, port 3000, master key file beside the data', () => {
  const config = loadConfig({});
  assert.equal(config.database.kind, 'sqlite', 'config.database.kind is "sqlite"');
  assert.equal(
    config.database.kind === 'sqlite' && config.database.file,
    path.resolve('data/partnertafel.sqlite'),
    "config.database.kind === 'sqlite' && config.database.file is path.resolve('data/partnertafel.sqlite')",
  );
  assert.equal(config.port, 3000, 'config.port is 3000');
  assert.deepEqual(
    config.masterKey,
    { source: 'file', file: path.resolve('data/master.key') },
    "config.masterKey is { source: 'file', file: path.resolve('data/master.key') }",
  );
  assert.equal(config.publicUrl, 'http://localhost:3000', 'config.publicUrl is "http://localhost:3000"');
  assert.equal(config.production, false, 'config.production is false');
});

test('a postgres:// DATABASE_URL selects PostgreSQL', () => {
  const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', PORT: '8080', PUBLIC_URL: 'https://pt.example/' });
  assert.deepEqual(
    config.database,
    { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' },
    'config.database is the expected { kind, url }',
  );
  assert.equal(config.port, 8080, 'config.port is 8080');
  assert.equal(config.publicUrl, 'https://pt.example', 'config.publicUrl is "https://pt.example"');
});

test('bad values give one clear message naming each variable', () => {
  const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MASTER_KEY: 'short', SMTP_URL: 'mail.example', NODE_ENV: 'staging' });
  assert.throws(attempt, ConfigError, 'attempt throws with a ConfigError');
  try {
    attempt();
  } catch (error) {
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'MASTER_KEY', 'SMTP_URL', 'NODE_ENV'])
      assert.match(message, new RegExp(`${name}:`), 'message matches new RegExp(`${name}:`)');
  }
});

test('an empty variable counts as unset', () => {
  assert.equal(loadConfig({ DATABASE_URL: '', PORT: '' }).port, 3000, "loadConfig({ DATABASE_URL: '', PORT: '' }).port is 3000");
});

test('production refuses to run without an https PUBLIC_URL (secure cookies, HSTS)', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /PUBLIC_URL/, 'loadConfig(…) throws with /PUBLIC_URL/');
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://pt.example' }),
    /PUBLIC_URL/,
    'loadConfig(…) throws with /PUBLIC_URL/',
  );
  assert.equal(
    loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://pt.example' }).production,
    true,
    "loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://pt.example'… is true",
  );
});

test('TRUST_PROXY accepts loopback or addresses, nothing else', () => {
  assert.equal(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy, 'loopback', 'loadConfig({ TRUST_PROXY: \'loopback\' }).trustProxy is "loopback"');
  assert.equal(
    loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy,
    '10.0.0.1, 10.0.0.2',
    'loadConfig({ TRUST_PROXY: \'10.0.0.1, 10.0.0.2\' }).trustProxy is "10.0.0.1, 10.0.0.2"',
  );
  assert.equal(loadConfig({}).trustProxy, undefined, 'loadConfig({}).trustProxy is undefined');
  assert.throws(() => loadConfig({ TRUST_PROXY: 'everyone' }), /TRUST_PROXY/, 'loadConfig(…) throws with /TRUST_PROXY/');
});
