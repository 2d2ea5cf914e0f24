import type { Locale } from '../platform/config.ts';
import type { Translate } from './i18n.ts';

/** What every page needs to draw the shell; built once per request by the http layer. */
export interface View {
  readonly t: Translate;
  readonly locale: Locale;
  readonly csrfToken: string;
  /** Path and query of the current page, to come back to after a language switch. */
  readonly path: string;
  readonly tenantName: string | null;
  readonly user: {
    readonly name: string;
    readonly isAdmin: boolean;
    readonly isDpo: boolean;
    /** Holds `coordinator`: manages partner tables and every case. */
    readonly isCoordinator: boolean;
    /** Holds a role that takes part in case work (`coordinator` or `professional`). */
    readonly worksOnCases: boolean;
    /** May read the screening instruments (`screening.viewInstruments`). */
    readonly viewsInstruments: boolean;
    /** Uses the consult point: the coordinator's signals, a professional's own (`signals.list`). */
    readonly usesConsultPoint: boolean;
    /** May list network inquiries (`inquiries.list`): the coordinator's all, a professional's to their organisation. */
    readonly seesInquiries: boolean;
    /** Keeps their organisation's client register (`clientRegister.replace`). */
    readonly keepsClientRegister: boolean;
    /** "Our agreements": the open action points of the user's organisation (plans.listOwn). */
    readonly hasOwnAgreements: boolean;
    /** Reads the social map (`directory.read`). */
    readonly readsDirectory: boolean;
    /** Reads the social map's gap report (`directory.readGapReport`): analysts and the coordinator. */
    readonly readsGapReport: boolean;
  } | null;
  readonly flash: string | null;
  /** Seconds until an idle browser session ends, for the warning; null for visitors. */
  readonly idleSeconds: number | null;
}

/** Field path → translated error message, as shown next to the field. */
export type FieldErrors = Readonly<Record<string, string>>;

/** Raw form values to put back in the form after an error. */
export type FormValues = Readonly<Record<string, string | string[] | undefined>>;
