import { hasRole, type Actor } from '../../access/actor.ts';
import type { SignalPurpose } from './signals.vocabulary.ts';

/**
 * Need-to-know for the consult point's signals, as pure functions of facts the queries load.
 * The coordinator runs the consult point and sees every signal of the network; a reporter sees their
 * own signal (its status, what they wrote and the reply channel) and nothing of what follows from it.
 * Nobody else — administrators, analysts, the DPO, minute takers, other professionals — sees a signal.
 */

/** The facts of one signal that decide what an actor may do with it. */
export interface SignalFacts {
  readonly tenantId: string;
  /** The actor is this signal's reporter (matched through the reporter lookup, never a clear column). */
  readonly reporter: boolean;
  /** received | in_consultation | advice_given | referred | closed */
  readonly status: string;
}

/** How the actor stands to one signal. */
export interface SignalRelation {
  readonly coordinator: boolean;
  readonly reporter: boolean;
}

export function signalRelation(actor: Actor, facts: SignalFacts): SignalRelation {
  const sameNetwork = actor.tenantId === facts.tenantId;
  return {
    coordinator: sameNetwork && hasRole(actor, 'coordinator'),
    reporter: sameNetwork && facts.reporter && (hasRole(actor, 'professional') || hasRole(actor, 'coordinator')),
  };
}

/** Why the actor reads the signal, recorded with every audited read; null: they may not. */
export function signalPurpose(relation: SignalRelation): SignalPurpose | null {
  if (relation.coordinator) return 'consult_point';
  if (relation.reporter) return 'own_report';
  return null;
}

const coordinator = (actor: Actor): boolean => hasRole(actor, 'coordinator');
const professional = (actor: Actor): boolean => hasRole(actor, 'professional');
const isOpen = (facts: SignalFacts): boolean => facts.status === 'received' || facts.status === 'in_consultation';
const coordinates = (actor: Actor, facts: SignalFacts): boolean => signalRelation(actor, facts).coordinator;
const reports = (actor: Actor, facts: SignalFacts): boolean => signalRelation(actor, facts).reporter;

export const signalsPolicy = {
  signals: {
    /** Any professional with an account raises a signal (anonymously if they wish). */
    report: professional,
    /** The coordinator registers a signal on someone's behalf (phone, mail, walk-in). */
    registerOnBehalf: coordinator,
    /** The list holds every signal for the coordinator, one's own signals for a professional. */
    list: (actor: Actor): boolean => coordinator(actor) || professional(actor),
    read: (actor: Actor, facts: SignalFacts): boolean => coordinates(actor, facts) || reports(actor, facts),
    /** The reply channel works both ways while the signal is open, and for the reporter afterwards too. */
    message: (actor: Actor, facts: SignalFacts): boolean => coordinates(actor, facts) || reports(actor, facts),
    requestDisclosure: (actor: Actor, facts: SignalFacts): boolean => coordinates(actor, facts) && isOpen(facts),
    answerDisclosure: (actor: Actor, facts: SignalFacts): boolean => reports(actor, facts),
    screen: (actor: Actor, facts: SignalFacts): boolean => coordinates(actor, facts) && isOpen(facts),
    decide: (actor: Actor, facts: SignalFacts): boolean => coordinates(actor, facts) && isOpen(facts),
    /** "Already known?": matches with cases and earlier signals, through the blind index. */
    viewMatches: (actor: Actor, facts: SignalFacts): boolean => coordinates(actor, facts),
    refer: (actor: Actor, facts: SignalFacts): boolean => coordinates(actor, facts),
    /** The tenant setting that opens the public consult form. */
    manageConsultForm: coordinator,
  },
} as const;
