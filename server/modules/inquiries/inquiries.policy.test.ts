import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { PolicyAction } from '../../access/policy-registry.ts';
import { actorFor } from '../../test/harness.ts';
import { assertPolicyMatrix, type RoleOrNone } from '../../test/policy-matrix.ts';
import type { InquiryQuestionFacts } from './inquiries.policy.ts';

const ROLE_ACTIONS: PolicyAction[] = ['inquiries.create', 'inquiries.list', 'clientRegister.replace', 'clientRegister.viewSummary'];

const SESSION_AFTER_MFA = { kind: 'session', sessionIdHash: 'h', authenticatedAt: '2026-01-05T09:00:00Z', mfaVerified: true } as const;

/** The coordinator starts inquiries; coordinator and professionals list them; only professionals keep a register. */
function expectedRole(role: RoleOrNone, action: PolicyAction): boolean {
  switch (action) {
    case 'inquiries.create':
      return role === 'coordinator';
    case 'inquiries.list':
      return role === 'coordinator' || role === 'professional';
    default:
      return role === 'professional';
  }
}

test('inquiries policy matrix (role rules): every role × action, through an API token and a browser session', () => {
  const viaToken = assertPolicyMatrix(ROLE_ACTIONS, expectedRole);
  const viaSession = assertPolicyMatrix(ROLE_ACTIONS, expectedRole, SESSION_AFTER_MFA);
  assert.equal(viaToken + viaSession, 2 * (ROLES.length + 1) * ROLE_ACTIONS.length, 'every role × action was checked twice');
});

test('a coordinator who is also a professional keeps no client register (the consult point stays neutral)', () => {
  const both = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['coordinator', 'professional'] });
  assert.equal(can(both, 'clientRegister.replace'), false, 'coordinator + professional may not replace a register');
  assert.equal(can(both, 'clientRegister.viewSummary'), false, 'coordinator + professional may not view a register summary');
});

type RecordAction = 'inquiries.readAnswers' | 'inquiries.readQuestion' | 'inquiries.answer';
const RECORD_ACTIONS: RecordAction[] = ['inquiries.readAnswers', 'inquiries.readQuestion', 'inquiries.answer'];

test('inquiries policy matrix (record rules): role × own/other organisation × own/other network × status', () => {
  const roleSets: (readonly Role[])[] = [...ROLES.map((role) => [role] as const), [], ['coordinator', 'professional']];
  let rows = 0;
  for (const roles of roleSets) {
    for (const sameOrganisation of [true, false]) {
      for (const sameTenant of [true, false]) {
        for (const status of ['open', 'closed', 'expired']) {
          const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'org-a', roles: [...roles] });
          const facts: InquiryQuestionFacts = { tenantId: sameTenant ? 't' : 'other', organisationId: sameOrganisation ? 'org-a' : 'org-b', status };
          const coordinator = roles.includes('coordinator');
          const askedProfessional = sameTenant && sameOrganisation && roles.includes('professional') && !coordinator;
          const expected: Record<RecordAction, boolean> = {
            'inquiries.readAnswers': sameTenant && coordinator,
            'inquiries.readQuestion': askedProfessional,
            'inquiries.answer': askedProfessional && status === 'open',
          };
          for (const action of RECORD_ACTIONS) {
            const rule = can as (a: typeof actor, action: RecordAction, facts: InquiryQuestionFacts) => boolean;
            assert.equal(
              rule(actor, action, facts),
              expected[action],
              `[${roles.join('+') || 'none'}] × ${action} (own organisation ${sameOrganisation}, own network ${sameTenant}, ${status})`,
            );
            rows += 1;
          }
        }
      }
    }
  }
  assert.equal(rows, (ROLES.length + 2) * 2 * 2 * 3 * RECORD_ACTIONS.length, 'every combination was checked');
});
