/** The fixed vocabularies of the consult point's signals (API.md, "Consult point"). */

/** A concern about a person, or a consult question with no person named. */
export const SIGNAL_KINDS = ['concern', 'consult'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** How the signal reached the consult point: the reporter's own account, or registered by the coordinator. */
export const SIGNAL_CHANNELS = ['account', 'phone', 'mail', 'walk_in', 'public_form'] as const;
export type SignalChannel = (typeof SIGNAL_CHANNELS)[number];
/** The channels the coordinator chooses from when registering a signal on someone's behalf. */
export const ON_BEHALF_CHANNELS = ['phone', 'mail', 'walk_in'] as const satisfies readonly SignalChannel[];

/** What the reporter sees of their signal: received, in consultation, advice given, referred, closed. */
export const SIGNAL_STATUSES = ['received', 'in_consultation', 'advice_given', 'referred', 'closed'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];
/** Statuses in which the consult point still works on a signal. */
export const OPEN_SIGNAL_STATUSES = ['received', 'in_consultation'] as const satisfies readonly SignalStatus[];

export const SIGNAL_OUTCOMES = ['no_concern', 'non_shared_concern', 'shared_concern'] as const;
export type SignalOutcome = (typeof SIGNAL_OUTCOMES)[number];

/** Whether the reporter of an anonymous signal was asked to make themself known, and what they decided. */
export const DISCLOSURE_STATUSES = ['not_asked', 'asked', 'made_known', 'declined'] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];

export const MESSAGE_SIDES = ['reporter', 'coordinator'] as const;
export type MessageSide = (typeof MESSAGE_SIDES)[number];
export const MESSAGE_KINDS = ['message', 'advice', 'disclosure_request', 'disclosure_answer'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Why a signal is read: recorded as the purpose of every audited read of its content. */
export const SIGNAL_PURPOSES = ['consult_point', 'own_report'] as const;
export type SignalPurpose = (typeof SIGNAL_PURPOSES)[number];

/** `SIG-VIL-2026-007`: the human reference of a signal, told to the reporter (no person in it). */
export function signalReference(tenantSlug: string, year: number, number: number): string {
  const prefix =
    tenantSlug
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 3)
      .toUpperCase() || 'NET';
  return `SIG-${prefix}-${year}-${String(number).padStart(3, '0')}`;
}
