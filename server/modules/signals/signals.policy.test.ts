import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { PolicyAction } from '../../access/policy-registry.ts';
import { actorFor } from '../../test/harness.ts';
import { signalPurpose, signalRelation, type SignalFacts } from './signals.policy.ts';
import { SIGNAL_STATUSES, type SignalStatus } from './signals.vocabulary.ts';

/**
 * The consult point's need-to-know, written out by hand: every rule of signals.policy.ts × every
 * single role (and none) × whether the actor is the signal's reporter × every status × same or other
 * network. The expectations are the rules in words (brief "core", API.md "Consult point"), not a
 * second implementation.
 */

const TENANT = 'tenant-a';
const OPEN: readonly SignalStatus[] = ['received', 'in_consultation'];
const RECORD_RULES = ['read', 'message', 'requestDisclosure', 'answerDisclosure', 'screen', 'decide', 'viewMatches', 'refer'] as const;
const ROLE_RULES = ['report', 'registerOnBehalf', 'list', 'manageConsultForm'] as const;
type RecordRule = (typeof RECORD_RULES)[number];
type RoleRule = (typeof ROLE_RULES)[number];

/** Who may act on a signal they can see: the coordinator of the network; the reporter on their own. */
function expectedOnRecord(role: Role | 'none', rule: RecordRule, reporter: boolean, status: SignalStatus, sameNetwork: boolean): boolean {
  if (!sameNetwork) return false;
  const coordinator = role === 'coordinator';
  // A reporter is a professional (or a coordinator who reported); other roles never report.
  const isReporter = reporter && (role === 'professional' || role === 'coordinator');
  const open = OPEN.includes(status);
  switch (rule) {
    case 'read':
    case 'message':
      return coordinator || isReporter;
    case 'answerDisclosure':
      return isReporter;
    case 'requestDisclosure':
    case 'screen':
    case 'decide':
      return coordinator && open;
    case 'viewMatches':
    case 'refer':
      return coordinator;
  }
}

function expectedOnRole(role: Role | 'none', rule: RoleRule): boolean {
  switch (rule) {
    case 'report':
      return role === 'professional';
    case 'registerOnBehalf':
    case 'manageConsultForm':
      return role === 'coordinator';
    case 'list':
      return role === 'coordinator' || role === 'professional';
  }
}

test('every record rule of signals × role × reporter × status × network', () => {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: TENANT, userId: 'user', organisationId: 'org', roles: role === 'none' ? [] : [role] });
    for (const reporter of [false, true]) {
      for (const status of SIGNAL_STATUSES) {
        for (const sameNetwork of [true, false]) {
          const facts: SignalFacts = { tenantId: sameNetwork ? TENANT : 'tenant-b', reporter, status };
          for (const rule of RECORD_RULES) {
            const action = `signals.${rule}` as PolicyAction;
            const actual = (can as (a: typeof actor, x: PolicyAction, f: SignalFacts) => boolean)(actor, action, facts);
            assert.equal(
              actual,
              expectedOnRecord(role, rule, reporter, status, sameNetwork),
              `${role} × ${rule} × ${reporter ? 'reporter' : 'not the reporter'} × ${status} × ${sameNetwork ? 'same' : 'other'} network`,
            );
            rows += 1;
          }
        }
      }
    }
  }
  assert.equal(rows, (ROLES.length + 1) * 2 * SIGNAL_STATUSES.length * 2 * RECORD_RULES.length, 'every combination was checked');
});

test('every role rule of signals × role', () => {
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: TENANT, userId: 'user', organisationId: 'org', roles: role === 'none' ? [] : [role] });
    for (const rule of ROLE_RULES) {
      const actual = (can as (a: typeof actor, x: PolicyAction) => boolean)(actor, `signals.${rule}` as PolicyAction);
      assert.equal(actual, expectedOnRole(role, rule), `${role} × ${rule}`);
    }
  }
});

test('the purpose of a read: the consult point for the coordinator, the own report for the reporter, none for anyone else', () => {
  const facts = (reporter: boolean): SignalFacts => ({ tenantId: TENANT, reporter, status: 'received' });
  const actor = (roles: Role[]) => actorFor({ tenantId: TENANT, userId: 'user', organisationId: 'org', roles });
  assert.equal(signalPurpose(signalRelation(actor(['coordinator']), facts(false))), 'consult_point', 'the coordinator reads for the consult point');
  assert.equal(
    signalPurpose(signalRelation(actor(['coordinator']), facts(true))),
    'consult_point',
    'a coordinator who reported still reads as coordinator',
  );
  assert.equal(signalPurpose(signalRelation(actor(['professional']), facts(true))), 'own_report', 'the reporter reads their own report');
  assert.equal(signalPurpose(signalRelation(actor(['professional']), facts(false))), null, 'another professional has no purpose');
  for (const role of ['admin', 'analyst', 'dpo', 'minute_taker'] as const) {
    assert.equal(signalPurpose(signalRelation(actor([role]), facts(true))), null, `${role} has no purpose even with the reporter fact`);
  }
  const elsewhere = actorFor({ tenantId: 'tenant-b', userId: 'user', organisationId: 'org', roles: ['coordinator'] });
  assert.equal(signalPurpose(signalRelation(elsewhere, facts(false))), null, 'a coordinator of another network has no purpose');
});
