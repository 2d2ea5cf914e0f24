import type { FormValues } from '../../ui/view.ts';
import { IDENTITY_DISCLOSURES, isRaise } from './cases.vocabulary.ts';
import type { CaseScreenChoices } from './case-screen-choices.ts';
import { EMPTY_FORM, type FormState } from './cases.components.tsx';
import type { CaseView } from './cases.schemas.ts';
import type { CaseFile } from './view-case-file.ts';

/** What the case page shows, as the read use cases answered it for this viewer. */
export interface CasePageData extends CaseFile {
  readonly choices: CaseScreenChoices;
}

/** The forms of the case page, each posting to its own address. */
export type CaseFormName = 'edit' | 'participant' | 'removeParticipant' | 'consent' | 'withdraw' | 'item' | 'close' | 'reopen' | 'disclosure';

export interface CasePageState {
  /** A form drawn again with what was typed and the problems found. */
  readonly forms: Partial<Record<CaseFormName, FormState>>;
  /** The edit was made against an older version: what the person typed, to show next to the current values. */
  readonly conflict?: FormValues;
  /** Why a step was refused when its form is no longer on the page (the case was closed meanwhile …). */
  readonly notice?: string;
}

export const NO_FORMS: CasePageState = { forms: {} };

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
    case 'removeParticipant':
    case 'withdraw':
      return true;
  }
}
