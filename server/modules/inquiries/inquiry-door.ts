import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import type { InquiryQuestionFacts } from './inquiries.policy.ts';
import { findInquiry, questionFor, type InquiryQuestionRow, type InquiryRow } from './inquiries.queries.ts';
import type { InquiryPurpose } from './inquiries.vocabulary.ts';

/**
 * How the actor stands to one inquiry: the coordinator reads every answer (`consult_point`); a
 * professional of an asked organisation reads and answers only the question put to their
 * organisation (`asked_organisation`). Anyone else — another organisation, asked or not, another
 * network — gets the 404 a missing id gets, and the attempt is recorded.
 */
export interface InquiryAccess {
  readonly inquiry: InquiryRow;
  readonly purpose: InquiryPurpose;
  /** The asked organisation's own question; null for the coordinator. */
  readonly question: InquiryQuestionRow | null;
  readonly facts: InquiryQuestionFacts;
}

async function refuse(ctx: AppContext, actor: Actor, inquiryId: string, attempted: string): Promise<never> {
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'inquiry.viewed',
    resource: { type: 'inquiry', id: inquiryId },
    decision: 'deny',
    requestId: actor.requestId ?? null,
    details: { attempted },
  });
  throw new AppError('not_found');
}

/** The inquiry if the actor may see it (as coordinator or as an asked organisation); 404 otherwise, audited. */
export async function openInquiry(ctx: AppContext, actor: Actor, inquiryId: string, attempted: string): Promise<InquiryAccess> {
  const inquiry = await findInquiry(ctx.db, actor.tenantId, inquiryId);
  if (!inquiry) return refuse(ctx, actor, inquiryId, attempted);
  const coordinatorFacts: InquiryQuestionFacts = { tenantId: inquiry.tenant_id, organisationId: '', status: inquiry.status };
  if (can(actor, 'inquiries.readAnswers', coordinatorFacts)) return { inquiry, purpose: 'consult_point', question: null, facts: coordinatorFacts };
  const question = await questionFor(ctx.db, actor.tenantId, inquiryId, actor.organisationId);
  if (question) {
    const facts: InquiryQuestionFacts = { tenantId: inquiry.tenant_id, organisationId: question.organisation_id, status: inquiry.status };
    if (can(actor, 'inquiries.readQuestion', facts)) return { inquiry, purpose: 'asked_organisation', question, facts };
  }
  return refuse(ctx, actor, inquiryId, attempted);
}
