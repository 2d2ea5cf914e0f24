import type { Transaction } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { recordCaseChange } from './case-journal.ts';
import { openCase, requireOnCase, requireOpen, type CaseAccess } from './case-door.ts';
import type { Database } from '../../db/schema.ts';
import { itemProblems } from './case-rules.ts';
import { authorOrganisation, sectorsOf } from './case-directory.queries.ts';
import { whyNot, whyNotRecipients } from './legal-bases.ts';
import { accessPurpose } from './cases.policy.ts';
import { audienceOrganisations, participatingOrganisations } from './case-participants.queries.ts';
import { consentFactsOf, findConsentFacts } from './cases.queries.ts';
import type { ItemCreate } from './cases.schemas.ts';

/**
 * A participant adds a piece of information with its audience, legal basis and classes. The item is
 * attributed to its author and their organisation; combinations that make no sense (a consent that
 * does not cover the audience, a named audience without names, a legal basis that does not hold for
 * the author's organisation and this audience — docs/legal-bases.md) are refused before anything is
 * written. The body is sealed with the item's id as associated data.
 *
 * `through` is a case opened another way — the minutes of a running meeting (`openCaseInMeeting`) —
 * so a minute taker's note goes through the same rules with the relation that meeting gives;
 * `alongside` runs in the item's own transaction (the minutes module records its entry there).
 */
export async function addItem(
  options: {
    caseId: string;
    input: ItemCreate;
    through?: CaseAccess;
    alongside?: (trx: Transaction<Database>, itemId: string) => Promise<void>;
  },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string }> {
  const { input } = options;
  if (options.through && options.through.row.id !== options.caseId) throw new Error('addItem: the opened case is not the case named');
  const access = options.through ?? (await openCase(ctx, actor, options.caseId, 'case.addItem'));
  requireOpen(access);
  requireOnCase(actor, access, 'addItem');
  const named = [...new Set(input.organisationIds ?? [])];
  const consentRow = input.consentId ? await findConsentFacts(ctx.db, actor, access, input.consentId) : undefined;
  const problems = itemProblems(
    { ...input, organisationIds: named },
    {
      authorOrganisationId: actor.organisationId,
      participatingOrganisations: await participatingOrganisations(ctx.db, actor, access),
      audienceOrganisations: await audienceOrganisations(ctx.db, actor, access, input.audience, named),
      consent: input.consentId === undefined ? null : consentRow ? consentFactsOf(consentRow) : 'missing',
    },
  );
  const refusal =
    whyNot(input.legalBasis, await authorOrganisation(ctx.db, actor), input.audience) ??
    (input.audience === 'organisations' ? whyNotRecipients(input.legalBasis, await sectorsOf(ctx.db, actor, named)) : null);
  if (refusal) problems.push({ path: 'legalBasis', messageKey: `validation.legal_basis.${refusal}` });
  if (problems.length > 0) throw new AppError('validation_failed', problems);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const id = newId();
  const classes = [...new Set(input.classes ?? [])].sort();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_items')
      .values({
        id,
        tenant_id: actor.tenantId,
        case_id: access.row.id,
        author_user_id: actor.userId,
        author_organisation_id: actor.organisationId,
        body_sealed: sealer.seal('case_items', id, 'body', input.body),
        audience: input.audience,
        organisation_ids: JSON.stringify(input.audience === 'organisations' ? named : []),
        legal_basis: input.legalBasis,
        consent_id: input.legalBasis === 'consent' ? (input.consentId ?? null) : null,
        classes: JSON.stringify(classes),
        created_at: isoNow(ctx.clock),
      })
      .execute();
    await recordCaseChange(trx, ctx, actor, access.row, {
      step: { kind: 'item_added', itemId: id, detail: input.audience },
      action: 'case.item_added',
      audit: {
        resource: { type: 'case_item', id },
        purpose: accessPurpose(access.relation),
        legalBasis: input.legalBasis,
        details: { audience: input.audience, classes },
      },
    });
    if (options.alongside) await options.alongside(trx, id);
  });
  return { id };
}
