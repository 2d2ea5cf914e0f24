import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../platform/clock.ts';
import { PrincipalCache, type ResolvedPrincipal } from './system-access.ts';

const someone: ResolvedPrincipal = {
  userId: 'u1',
  tenantId: 't1',
  organisationId: 'o1',
  status: 'active',
  locale: null,
  roles: ['professional'],
  name: 'Fictional Person',
};

test('a principal read before a forget() is not kept after it (the epoch moved)', () => {
  const cache = new PrincipalCache(5_000, new FakeClock());
  const epoch = cache.epoch;
  cache.forget();
  cache.keepUser(epoch, 'u1', someone);
  assert.equal(cache.user('u1'), undefined, 'a lookup that began before the change does not fill the cache');
  cache.keepUser(cache.epoch, 'u1', someone);
  assert.deepEqual(cache.user('u1'), someone, 'a lookup that began after the change fills it');
});

test('entries live for the configured time on the given clock, and not at all with 0', () => {
  const clock = new FakeClock();
  const cache = new PrincipalCache(5_000, clock);
  cache.keepUser(cache.epoch, 'u1', someone);
  clock.advance(4_999);
  assert.deepEqual(cache.user('u1'), someone, 'kept just before the window ends');
  clock.advance(1);
  assert.equal(cache.user('u1'), undefined, 'gone when the window ends');
  const off = new PrincipalCache(0, clock);
  off.keepUser(off.epoch, 'u1', someone);
  assert.equal(off.user('u1'), undefined, 'PRINCIPAL_CACHE_SECONDS=0 keeps nothing');
});
