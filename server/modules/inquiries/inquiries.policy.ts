import { hasRole, type Actor } from '../../access/actor.ts';

/**
 * Need-to-know for network inquiries and client registers. The coordinator asks and reads every
 * answer; an organisation sees only the questions put to it, answered by its professionals; no
 * organisation learns about a question it was not asked. A client register belongs to one
 * organisation and is replaced by its professionals; it is never read back, only matched.
 */

/** The facts of one inquiry question that decide what an actor may do with it. */
export interface InquiryQuestionFacts {
  readonly tenantId: string;
  /** The organisation the question was put to. */
  readonly organisationId: string;
  /** open | closed | expired (the inquiry's status) */
  readonly status: string;
}

const coordinator = (actor: Actor): boolean => hasRole(actor, 'coordinator');
const professional = (actor: Actor): boolean => hasRole(actor, 'professional');
/** A professional of the asked organisation (the coordinator's own organisation is neutral). */
const askedProfessional = (actor: Actor, facts: InquiryQuestionFacts): boolean =>
  actor.tenantId === facts.tenantId && professional(actor) && !coordinator(actor) && actor.organisationId === facts.organisationId;

export const inquiriesPolicy = {
  inquiries: {
    create: coordinator,
    /** The coordinator's list holds every inquiry; a professional's only the questions to their organisation. */
    list: (actor: Actor): boolean => coordinator(actor) || professional(actor),
    readAnswers: (actor: Actor, facts: InquiryQuestionFacts): boolean => actor.tenantId === facts.tenantId && coordinator(actor),
    readQuestion: (actor: Actor, facts: InquiryQuestionFacts): boolean => askedProfessional(actor, facts),
    answer: (actor: Actor, facts: InquiryQuestionFacts): boolean => askedProfessional(actor, facts) && facts.status === 'open',
  },
  clientRegister: {
    /** A professional replaces their own organisation's register (names and birth dates in, blind indexes kept). */
    replace: (actor: Actor): boolean => professional(actor) && !coordinator(actor),
    /** How many entries and when they were last uploaded — never the entries. */
    viewSummary: (actor: Actor): boolean => professional(actor) && !coordinator(actor),
  },
} as const;
