import type { FormValues } from '../../ui/view.ts';
import { IDENTITY_DISCLOSURES, isRaise } from './cases.vocabulary.ts';
import type { CaseScreenChoices } from './case-screen-choices.ts';
import { EMPTY_FORM, type FormState } from './cases.components.tsx';
import type { CaseView } from './cases.schemas.ts';
import type { CaseTab } from './case-read-parts.ts';
import type { CaseTabFile } from './view-case-tab.ts';

/** What one tab of the case page shows, as the read use case answered it for this viewer. */
export interface CasePageData extends CaseTabFile {
  readonly choices: CaseScreenChoices;
}

/** The forms of the case page, each posting to its own address. */
export type CaseFormName =
  'edit' | 'participant' | 'removeParticipant' | 'consent' | 'withdraw' | 'item' | 'close' | 'reopen' | 'disclosure' | 'move' | 'keep';

export interface CasePageState {
  /** A form drawn again with what was typed and the problems found. */
  readonly forms: Partial<Record<CaseFormName, FormState>>;
  /** The edit was made against an older version: what the person typed, to show next to the current values. */
  readonly conflict?: FormValues;
  /** Why a step was refused when its form is no longer on the page (the case was closed meanwhile …). */
  readonly notice?: string;
}

export const NO_FORMS: CasePageState = { forms: {} };

/** The id of the tab list: a saved step that has no section of its own shows its message right below it. */
export const TABS_ANCHOR = 'case-tabs';

/**
 * Where each form lives and where its saved-message is shown. `tab`: the tab that holds the form (its
 * errors are drawn there); `anchor`: the heading the form's action points to, so that an answer
 * with errors lands at the form; `saved`: the section the success redirect points to, where the
 * flash is drawn; `flash`: the message key.
 */
export const FORM_PLACES: Record<CaseFormName, { tab: CaseTab; anchor: string; saved: string; flash: string }> = {
  edit: { tab: 'manage', anchor: 'edit-heading', saved: 'edit-heading', flash: 'flash.case_saved' },
  participant: { tab: 'people', anchor: 'add-participant', saved: 'participants', flash: 'flash.case_participant_added' },
  removeParticipant: { tab: 'people', anchor: 'participants', saved: 'participants', flash: 'flash.case_participant_removed' },
  consent: { tab: 'people', anchor: 'record-consent', saved: 'consents', flash: 'flash.case_consent_recorded' },
  withdraw: { tab: 'people', anchor: 'consents', saved: 'consents', flash: 'flash.case_consent_withdrawn' },
  item: { tab: 'information', anchor: 'add-item', saved: 'items', flash: 'flash.case_item_added' },
  close: { tab: 'manage', anchor: 'close-heading', saved: TABS_ANCHOR, flash: 'flash.case_closed' },
  reopen: { tab: 'manage', anchor: 'reopen-heading', saved: TABS_ANCHOR, flash: 'flash.case_reopened' },
  disclosure: { tab: 'manage', anchor: 'disclosure-heading', saved: TABS_ANCHOR, flash: 'flash.case_disclosure_raised' },
  move: { tab: 'manage', anchor: 'move-heading', saved: TABS_ANCHOR, flash: 'flash.case_moved' },
  keep: { tab: 'manage', anchor: 'move-heading', saved: TABS_ANCHOR, flash: 'flash.case_handover_kept' },
};

/** The address of a tab of a case. */
export const tabPath = (caseId: string, tab: CaseTab): string => (tab === 'overview' ? `/cases/${caseId}` : `/cases/${caseId}/${tab}`);

/** The section a saved-message belongs in, from its key (the flash cookie); the top of the tab for any other. */
export function savedSectionOf(flashKey: string | undefined): string {
  return Object.values(FORM_PLACES).find((place) => place.flash === flashKey)?.saved ?? TABS_ANCHOR;
}

/** Whether the viewer has anything to do on the Manage tab (the coordinator's: edit, disclosure, close, reopen). */
export const showsManageTab = (abilities: CasePageData['abilities']): boolean =>
  abilities.update || abilities.close || abilities.reopen || abilities.raiseDisclosure || abilities.move;

export const formOf = (state: CasePageState, name: CaseFormName): FormState => state.forms[name] ?? EMPTY_FORM;

/** The edit form's values as the case stands now. */
export const editValuesOf = (current: CaseView): FormValues => ({
  summary: current.summary,
  theme: current.theme,
  caseOwnerOrganisationId: current.caseOwnerOrganisation?.id,
});

/** Whether the case page draws this form for this viewer now (a refused form that is not drawn is explained at the top). */
export function formIsDrawn(data: CasePageData, form: CaseFormName): boolean {
  const { abilities } = data;
  switch (form) {
    case 'edit':
      return abilities.update;
    case 'participant':
      return abilities.manageParticipants;
    case 'consent':
      return abilities.recordConsent;
    case 'item':
      return abilities.addItem;
    case 'close':
      return abilities.close;
    case 'reopen':
      return abilities.reopen;
    case 'disclosure':
      return abilities.raiseDisclosure && IDENTITY_DISCLOSURES.some((level) => isRaise(data.case.identityDisclosure, level));
    case 'move':
      return abilities.move;
    case 'keep':
      return abilities.keepAtTable && data.choices.handover !== null;
    case 'removeParticipant':
    case 'withdraw':
      return true;
  }
}
