import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import { openInquiry, type InquiryAccess } from './inquiry-door.ts';
import { questionsOf, userNames, type InquiryQuestionRow } from './inquiries.queries.ts';
import type { inquiryDetailOutput } from './inquiries.schemas.ts';
import { inquiryReference, type InquiryAnswer } from './inquiries.vocabulary.ts';
import type { z } from 'zod';

export type InquiryDetail = z.infer<typeof inquiryDetailOutput>;

/** The minimal identity the asked organisations see, opened from the inquiry's sealed copy. */
export interface InquirySubject {
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly birthDate: string | null;
}

/**
 * One inquiry, after ONE durable `inquiry.viewed` event with its purpose (`consult_point` for the
 * coordinator, `asked_organisation` for an asked organisation's professional): the purpose, the legal
 * basis, the person's minimal identity, and the answers — every answer for the coordinator, the
 * organisation's own question only for an asked organisation. Anyone else: 404, as for a missing id.
 */
export async function viewInquiry(options: { id: string }, actor: Actor, ctx: AppContext): Promise<{ access: InquiryAccess; detail: InquiryDetail }> {
  const access = await openInquiry(ctx, actor, options.id, 'inquiries.read');
  const { inquiry } = access;
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'inquiry.viewed',
    resource: { type: 'inquiry', id: inquiry.id },
    purpose: access.purpose,
    legalBasis: inquiry.legal_basis,
    requestId: actor.requestId ?? null,
  });
  const opener = fieldOpener(ctx, inquiry.tenant_id);
  const all = await questionsOf(ctx.db, inquiry.tenant_id, inquiry.id);
  const shown = access.question ? all.filter((question) => question.id === access.question!.id) : all;
  const names = await userNames(
    ctx.db,
    inquiry.tenant_id,
    shown.flatMap((question) => (question.contact_user_id ? [question.contact_user_id] : [])),
  );
  const subjectText = await opener.openOptional('inquiries', inquiry.id, 'subject', inquiry.subject_sealed);
  const asked = await Promise.all(
    shown.map(async (question: InquiryQuestionRow & { organisation_name: string }) => ({
      id: question.id,
      organisationId: question.organisation_id,
      organisationName: question.organisation_name,
      answer: {
        known: question.known as InquiryAnswer | null,
        guidanceRunning: question.guidance_running === null ? null : question.guidance_running === 1,
        contactUserId: question.contact_user_id,
        contactName: question.contact_user_id ? (names.get(question.contact_user_id) ?? null) : null,
        note: await opener.openOptional('inquiry_questions', question.id, 'note', question.note_sealed),
        answeredAt: question.answered_at,
      },
      expiredAt: question.expired_at,
    })),
  );
  const detail: InquiryDetail = {
    id: inquiry.id,
    reference: inquiryReference(inquiry.id),
    signalId: access.purpose === 'consult_point' ? inquiry.signal_id : null,
    mode: inquiry.mode as InquiryDetail['mode'],
    status: inquiry.status,
    deadline: inquiry.deadline,
    answersExpireOn: inquiry.answers_expire_on,
    createdAt: inquiry.created_at,
    questions: shown.length,
    answered: shown.filter((question) => question.known !== null).length,
    purpose: await opener.open('inquiries', inquiry.id, 'purpose', inquiry.purpose_sealed),
    legalBasis: inquiry.legal_basis,
    subject: subjectText === null ? null : (JSON.parse(subjectText) as InquirySubject),
    asked,
  };
  return { access, detail };
}
