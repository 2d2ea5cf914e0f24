import type { Audience, LegalBasis } from './cases.vocabulary.ts';
import { AUDIENCES, LEGAL_BASES } from './cases.vocabulary.ts';

/**
 * Which legal bases an author may name for an item, from their organisation and the item's audience
 * (issue 10, part 6). The table in docs/legal-bases.md is the rule in words; this function is the
 * rule in code, and legal-bases.test.ts checks every row of the one against the other.
 *
 * - `consent`: always (the preferred basis); whether the consent covers the audience is checked
 *   against the consent record itself (case-rules.ts).
 * - `art_458ter`: the organised case consultation — the table of the case (or a note that stays in
 *   the author's organisation); not the care network or a list of organisations outside it.
 * - `art_458bis`: an exception to professional secrecy (danger to a vulnerable person), so only for
 *   an organisation bound by it; through the table, named organisations or the own organisation, not
 *   the care network, which receives progress, not a danger report.
 * - `decree_ijh_75_1`: a limited exchange between youth care and the public prosecutor / juvenile
 *   court service: only for youth care and justice, and only with named organisations (or within
 *   the own organisation), never the whole table or care network.
 * - `cooperation_protocol`: only for an organisation that signed the protocol; an organisation bound
 *   by professional secrecy may not share beyond itself on the protocol alone.
 * - `legal_obligation`: a duty laid down by law holds for every organisation and audience.
 */

/** What the rule needs to know of the author's organisation. */
export interface AuthorOrganisation {
  readonly sector: string;
  readonly secrecyRegime: string;
  /** Whether the organisation signed the network's cooperation protocol (organisations.protocol_signed_on). */
  readonly protocolSigned: boolean;
}

/** Why a basis does not hold, as the suffix of its i18n key (`validation.legal_basis.<reason>`). */
export type LegalBasisRefusal =
  | 'art_458ter_table_only'
  | 'art_458bis_professional_secrecy_only'
  | 'art_458bis_not_care_network'
  | 'decree_ijh_75_1_sector'
  | 'decree_ijh_75_1_named_only'
  | 'decree_ijh_75_1_recipients'
  | 'protocol_not_signed'
  | 'protocol_secrecy_own_organisation_only';

/** Sectors art. 75/1 of the decree on integral youth care speaks to: youth care and the prosecutor / juvenile court service. */
export const DECREE_75_1_SECTORS: ReadonlySet<string> = new Set(['youth_care', 'justice']);

/** The reason a basis does not hold for this author and audience, or null when it holds. */
export function whyNot(basis: LegalBasis, author: AuthorOrganisation, audience: Audience): LegalBasisRefusal | null {
  switch (basis) {
    case 'consent':
    case 'legal_obligation':
      return null;
    case 'art_458ter':
      return audience === 'table' || audience === 'own_organisation' ? null : 'art_458ter_table_only';
    case 'art_458bis':
      if (author.secrecyRegime !== 'professional_secrecy') return 'art_458bis_professional_secrecy_only';
      return audience === 'care_network' ? 'art_458bis_not_care_network' : null;
    case 'decree_ijh_75_1':
      if (!DECREE_75_1_SECTORS.has(author.sector)) return 'decree_ijh_75_1_sector';
      return audience === 'organisations' || audience === 'own_organisation' ? null : 'decree_ijh_75_1_named_only';
    case 'cooperation_protocol':
      if (!author.protocolSigned) return 'protocol_not_signed';
      return author.secrecyRegime === 'professional_secrecy' && audience !== 'own_organisation' ? 'protocol_secrecy_own_organisation_only' : null;
  }
}

/**
 * For a named audience, the sectors of the organisations named: art. 75/1 reaches only youth care and
 * the public prosecutor / juvenile court service, so every organisation it names must be one of them.
 */
export function whyNotRecipients(basis: LegalBasis, recipientSectors: readonly string[]): LegalBasisRefusal | null {
  return basis === 'decree_ijh_75_1' && recipientSectors.some((sector) => !DECREE_75_1_SECTORS.has(sector)) ? 'decree_ijh_75_1_recipients' : null;
}

/** The bases this author may name for an item with this audience, in the vocabulary's order. */
export function legalBasesFor(author: AuthorOrganisation, audience: Audience): LegalBasis[] {
  return LEGAL_BASES.filter((basis) => whyNot(basis, author, audience) === null);
}

/** The bases the item form offers an author, and those it withholds with the reason. */
export interface LegalBasesOnOffer {
  readonly offered: readonly { basis: LegalBasis; audiences: Audience[] }[];
  readonly withheld: readonly { basis: LegalBasis; reason: LegalBasisRefusal }[];
}

/**
 * For the item form (where the audience is chosen in the same form): each basis with the audiences
 * it holds for; a basis that holds for none is not offered, with the reason it holds for none.
 */
export function basesOnOffer(author: AuthorOrganisation): LegalBasesOnOffer {
  const offered: { basis: LegalBasis; audiences: Audience[] }[] = [];
  const withheld: { basis: LegalBasis; reason: LegalBasisRefusal }[] = [];
  for (const basis of LEGAL_BASES) {
    const audiences = AUDIENCES.filter((audience) => whyNot(basis, author, audience) === null);
    if (audiences.length > 0) offered.push({ basis, audiences });
    else withheld.push({ basis, reason: whyNot(basis, author, 'own_organisation') ?? whyNot(basis, author, 'table')! });
  }
  return { offered, withheld };
}
