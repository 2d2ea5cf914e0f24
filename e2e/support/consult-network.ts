import { createOrganisation, createUser } from '../../server/modules/accounts/index.ts';
import { createTable } from '../../server/modules/tables/index.ts';
import { actorFor, secretOf } from '../../server/test/harness.ts';
import { CASE_NETWORK, type ExtraSeed, type SeededPerson } from './case-network.ts';
import type { Locale } from './messages.ts';

/**
 * The consult point's people on top of the case network: a teacher at a school who reports a concern,
 * a professional of a youth-care service the coordinator asks in a network inquiry, and the minors
 * table a shared concern is referred to. Fictional names, `.example` addresses.
 */
export const CONSULT_NETWORK = {
  organisations: {
    school: { name: 'Basisschool De Wilg', sector: 'education', secrecyRegime: 'discretion', protocolSignedOn: '2025-02-03' },
    youthCare: { name: 'Jeugdhulp De Haven', sector: 'youth_care', secrecyRegime: 'professional_secrecy', protocolSignedOn: '2025-02-10' },
  },
  teacher: { name: 'Tine Leerkracht-Fictief', email: 'tine.leerkracht@dewilg.example', organisation: 'school' },
  youthCare: { name: 'Noor Hulpverlener-Fictief', email: 'noor.hulpverlener@dehaven.example', organisation: 'youthCare' },
  table: { name: 'Jeugdtafel Rivierstede', purpose: 'Fictief: zorgen over jongeren samen bekijken en één plan afspreken.' },
} as const;

/** What the seed made, filled in when the app starts (before the journey reads it). */
export interface ConsultPeople {
  teacher: SeededPerson;
  youthCare: SeededPerson;
  youthCareOrganisationId: string;
  minorsTableId: string;
}

/**
 * An ExtraSeed for startCaseApp that adds the school, the youth-care service, the teacher and the
 * youth-care professional (password and authenticator like the case network's people, in the
 * journey's language) and a minors table, all through the use cases; `people` is filled in by it.
 */
export function consultSeed(locale: Locale): { seed: ExtraSeed; people: ConsultPeople } {
  const people = {} as ConsultPeople;
  const seed: ExtraSeed = async ({ ctx, tenantId, people: caseNetwork }) => {
    const operator = ctx.system.operatorActor({ id: tenantId });
    const organisationIds: Record<string, string> = {};
    for (const [key, organisation] of Object.entries(CONSULT_NETWORK.organisations))
      organisationIds[key] = (await createOrganisation({ input: organisation }, operator, ctx)).id;
    const professional = async (who: 'teacher' | 'youthCare'): Promise<SeededPerson> => {
      const { name, email, organisation } = CONSULT_NETWORK[who];
      const organisationId = organisationIds[organisation]!;
      const created = await createUser(
        { input: { email, name, organisationId, roles: ['professional'], locale }, password: CASE_NETWORK.password, enrolMfa: true },
        operator,
        ctx,
      );
      return { name, email, totpSecret: secretOf(created.otpauthUri!), id: created.user.id, organisationId };
    };
    people.teacher = await professional('teacher');
    people.youthCare = await professional('youthCare');
    people.youthCareOrganisationId = organisationIds.youthCare!;
    const coordinator = actorFor({
      tenantId,
      userId: caseNetwork.coordinator.id,
      organisationId: caseNetwork.coordinator.organisationId,
      roles: ['coordinator'],
    });
    const table = await createTable({ input: { ...CONSULT_NETWORK.table, audience: 'minors', legalFramework: 'art_458ter' } }, coordinator, ctx);
    people.minorsTableId = table.id;
  };
  return { seed, people };
}
