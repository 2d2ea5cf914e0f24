import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { safeLocalPath } from '../../http/page-helpers.ts';
import { isFreshStep, matchingTotpStep } from './second-factor.ts';
import { REAUTHENTICATION_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, isRecentlyAuthenticated, sessionState } from '../../access/session-rules.ts';
import { summariseUserAgent } from './sessions.ts';
import { ACCOUNT_POLICY, ADDRESS_POLICY, backoffSeconds } from './sign-in-throttle.ts';
import { removesLastAdmin } from './update-user.ts';
import { USER_TOKEN_LIFETIME_MS, userTokenUsable } from './user-tokens.ts';

const at = (iso: string) => new Date(iso);

test('back-off: free tries, then doubling, capped — per account and per address', () => {
  assert.deepEqual(
    [1, 5, 6, 7, 8, 10, 20].map((failures) => backoffSeconds(failures, ACCOUNT_POLICY)),
    [0, 0, 30, 60, 120, 480, 900],
    '[1, 5, 6, 7, 8, 10, 20].map((failures) => backoffSeconds(failures, AC… is [0, 0, 30, 60, 120, 480, 900]',
  );
  assert.equal(backoffSeconds(20, ADDRESS_POLICY), 0, 'backoffSeconds(20, ADDRESS_POLICY) is 0');
  assert.equal(backoffSeconds(21, ADDRESS_POLICY), 60, 'backoffSeconds(21, ADDRESS_POLICY) is 60');
  assert.equal(backoffSeconds(40, ADDRESS_POLICY), 1800, 'backoffSeconds(40, ADDRESS_POLICY) is 1800');
});

test('session state: idle after 30 minutes without a request, absolute after 12 hours', () => {
  const start = '2026-01-05T09:00:00.000Z';
  const session = { last_seen_at: start, expires_at: new Date(Date.parse(start) + SESSION_ABSOLUTE_MS).toISOString() };
  assert.equal(sessionState(session, at('2026-01-05T09:29:59.000Z')), 'valid', 'sessionState(session, at(\'2026-01-05T09:29:59.000Z\')) is "valid"');
  assert.equal(
    sessionState(session, new Date(Date.parse(start) + SESSION_IDLE_MS)),
    'idle_expired',
    'sessionState(session, new Date(Date.parse(start) + SESSION_IDLE_MS)) is "idle_expired"',
  );
  const busy = { ...session, last_seen_at: '2026-01-05T20:59:00.000Z' };
  assert.equal(sessionState(busy, at('2026-01-05T20:59:30.000Z')), 'valid', 'sessionState(busy, at(\'2026-01-05T20:59:30.000Z\')) is "valid"');
  assert.equal(
    sessionState(busy, at('2026-01-05T21:00:00.000Z')),
    'absolute_expired',
    'sessionState(busy, at(\'2026-01-05T21:00:00.000Z\')) is "absolute_expired"',
  );
});

test('re-authentication is needed ten minutes after the last sign-in', () => {
  const signedIn = '2026-01-05T09:00:00.000Z';
  assert.equal(
    isRecentlyAuthenticated(signedIn, new Date(Date.parse(signedIn) + REAUTHENTICATION_MS - 1)),
    true,
    'isRecentlyAuthenticated(signedIn, new Date(Date.parse(signedIn) + REA… is true',
  );
  assert.equal(
    isRecentlyAuthenticated(signedIn, new Date(Date.parse(signedIn) + REAUTHENTICATION_MS)),
    false,
    'isRecentlyAuthenticated(signedIn, new Date(Date.parse(signedIn) + REA… is false',
  );
});

test('TOTP: the current, previous and next step match; a step is used once and never an older one', () => {
  const secret = new Secret({ size: 20 }).base32;
  const now = at('2026-01-05T09:00:10.000Z');
  const step = Math.floor(now.getTime() / 30_000);
  const codeAt = (offsetSteps: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: (step + offsetSteps) * 30_000 });
  assert.equal(matchingTotpStep(secret, codeAt(0), now), step, 'matchingTotpStep(secret, codeAt(0), now) is step');
  assert.equal(matchingTotpStep(secret, codeAt(-1), now), step - 1, 'matchingTotpStep(secret, codeAt(-1), now) is step - 1');
  assert.equal(matchingTotpStep(secret, codeAt(1), now), step + 1, 'matchingTotpStep(secret, codeAt(1), now) is step + 1');
  assert.equal(matchingTotpStep(secret, codeAt(-3), now), null, 'matchingTotpStep(secret, codeAt(-3), now) is null');
  assert.equal(matchingTotpStep(secret, 'abcdef', now), null, "matchingTotpStep(secret, 'abcdef', now) is null");
  assert.equal(matchingTotpStep(secret, `${codeAt(0).slice(0, 3)} ${codeAt(0).slice(3)}`, now), step, 'spaces as typed from the app are ignored');
  assert.equal(isFreshStep(step, null), true, 'isFreshStep(step, null) is true');
  assert.equal(isFreshStep(step, step - 1), true, 'isFreshStep(step, step - 1) is true');
  assert.equal(isFreshStep(step, step), false, 'isFreshStep(step, step) is false');
  assert.equal(isFreshStep(step - 1, step), false, 'isFreshStep(step - 1, step) is false');
});

test('one-time links: usable until used or expired', () => {
  const created = Date.parse('2026-01-05T09:00:00.000Z');
  const link = { used_at: null, expires_at: new Date(created + USER_TOKEN_LIFETIME_MS.invitation).toISOString() };
  assert.equal(
    userTokenUsable(link, new Date(created + 71 * 3600 * 1000)),
    true,
    'userTokenUsable(link, new Date(created + 71 * 3600 * 1000)) is true',
  );
  assert.equal(
    userTokenUsable(link, new Date(created + 72 * 3600 * 1000)),
    false,
    'userTokenUsable(link, new Date(created + 72 * 3600 * 1000)) is false',
  );
  assert.equal(
    userTokenUsable({ ...link, used_at: '2026-01-05T10:00:00.000Z' }, new Date(created)),
    false,
    "userTokenUsable({...link, used_at: '2026-01-05T10:00:00.000Z' }, new … is false",
  );
  assert.equal(USER_TOKEN_LIFETIME_MS.password_reset, 3600 * 1000, 'USER_TOKEN_LIFETIME_MS.password_reset is 3600 * 1000');
});

test('the last active administrator is protected; others are not', () => {
  assert.equal(
    removesLastAdmin({ wasActiveAdmin: true, staysActiveAdmin: false, activeAdmins: 1 }),
    true,
    'removesLastAdmin({ wasActiveAdmin: true, staysActiveAdmin: false, act… is true',
  );
  assert.equal(
    removesLastAdmin({ wasActiveAdmin: true, staysActiveAdmin: false, activeAdmins: 2 }),
    false,
    'removesLastAdmin({ wasActiveAdmin: true, staysActiveAdmin: false, act… is false',
  );
  assert.equal(
    removesLastAdmin({ wasActiveAdmin: true, staysActiveAdmin: true, activeAdmins: 1 }),
    false,
    'removesLastAdmin({ wasActiveAdmin: true, staysActiveAdmin: true, acti… is false',
  );
  assert.equal(
    removesLastAdmin({ wasActiveAdmin: false, staysActiveAdmin: false, activeAdmins: 1 }),
    false,
    'removesLastAdmin({ wasActiveAdmin: false, staysActiveAdmin: false, ac… is false',
  );
});

test('the browser is described coarsely, never by its full user-agent string', () => {
  const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
  const edge = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0';
  const iphone =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  assert.equal(summariseUserAgent(firefox), 'Firefox · Windows', 'summariseUserAgent(firefox) is "Firefox · Windows"');
  assert.equal(summariseUserAgent(edge), 'Edge · Windows', 'summariseUserAgent(edge) is "Edge · Windows"');
  const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';
  assert.equal(summariseUserAgent(iphone), 'Safari · iOS', 'not macOS, although iOS says "like Mac OS X"');
  assert.equal(summariseUserAgent(android), 'Chrome · Android', 'not Linux');
  assert.equal(summariseUserAgent(undefined), null, 'summariseUserAgent(undefined) is null');
});

test('after sign-in, only a local path is followed', () => {
  assert.equal(safeLocalPath('/admin/users?x=1'), '/admin/users?x=1', 'safeLocalPath(\'/admin/users?x=1\') is "/admin/users?x=1"');
  for (const unsafe of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', 42, undefined]) {
    assert.equal(safeLocalPath(unsafe), '/', 'safeLocalPath(unsafe) is "/"');
  }
});
