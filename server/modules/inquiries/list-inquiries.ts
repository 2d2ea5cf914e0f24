import { authorize, can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import { listAllInquiries, listInquiriesAskingOrganisation, type InquiryListRow } from './inquiries.queries.ts';
import type { inquirySummaryOutput } from './inquiries.schemas.ts';
import { inquiryReference } from './inquiries.vocabulary.ts';
import type { z } from 'zod';

export type InquirySummary = z.infer<typeof inquirySummaryOutput>;

function present(row: InquiryListRow, coordinator: boolean): InquirySummary {
  return {
    id: row.id,
    reference: inquiryReference(row.id),
    signalId: coordinator ? row.signal_id : null,
    mode: row.mode as InquirySummary['mode'],
    status: row.status,
    deadline: row.deadline,
    answersExpireOn: row.answers_expire_on,
    createdAt: row.created_at,
    questions: row.questions,
    answered: row.answered,
  };
}

/**
 * The inquiries an actor may see, recorded as `inquiry.listed`: the coordinator every inquiry of the
 * network (or of one signal) with how many organisations were asked and answered; a professional the
 * inquiries that asked their organisation, open first — counted over their own question only, so the
 * list says nothing about who else was asked. A list holds no person, purpose or answer.
 */
export async function listInquiries(options: { signalId?: string }, actor: Actor, ctx: AppContext): Promise<InquirySummary[]> {
  authorize(actor, 'inquiries.list');
  const coordinator = can(actor, 'inquiries.create');
  const rows = coordinator ? await listAllInquiries(ctx.db, actor, options.signalId) : await listInquiriesAskingOrganisation(ctx.db, actor);
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'inquiry.listed',
    resource: { type: 'inquiry', id: null },
    purpose: coordinator ? 'consult_point' : 'asked_organisation',
    requestId: actor.requestId ?? null,
    details: { count: rows.length },
  });
  return rows.map((row) => present(row, coordinator));
}
