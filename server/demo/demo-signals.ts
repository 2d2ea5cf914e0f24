/**
 * The consult point of the fictional demo network: a signal in each status, so that a newcomer sees
 * the flow from a worried professional's first signal to a referral. Every person, fact and text is
 * invented. Loaded through the use cases, so everything is sealed and audited as in real use.
 */
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import { answerInquiry, createInquiry, replaceClientRegister } from '../modules/inquiries/index.ts';
import { listInstruments, recordScreening } from '../modules/screening/index.ts';
import { createSignal, decideSignal, referSignal, sendSignalMessage } from '../modules/signals/index.ts';

/** The demo users the consult point needs, as actors. */
export interface DemoSignalActors {
  readonly coordinator: Actor;
  readonly school: Actor;
  readonly youthWork: Actor;
  readonly youthCare: Actor;
  readonly police: Actor;
  readonly employment: Actor;
}

/** The statuses the demo's signals are in: one of each. */
export const DEMO_SIGNAL_STATUSES = ['received', 'in_consultation', 'advice_given', 'referred', 'closed'] as const;

/** A person of the demo signals: fictional, with a family name no real register would hold. */
const PERSON = { givenName: 'Amir', familyName: 'Demo-Lambrechts', birthDate: '2009-10-21' } as const;

/**
 * Six signals: received (anonymous, from the school, about the person of the demo's first case),
 * in consultation (screened, with a thread and a named inquiry one partner answered), referred (a
 * new case on the minors table), advice given (a non-shared concern), closed (no concern) and a
 * consult question in consultation. Youth care keeps a client register that holds one person.
 */
export async function loadDemoSignals(ctx: AppContext, who: DemoSignalActors): Promise<void> {
  await replaceClientRegister(
    {
      input: {
        persons: [
          { familyName: PERSON.familyName, birthDate: PERSON.birthDate },
          { familyName: 'Demo-Van Acker', birthDate: '2008-04-02' },
        ],
      },
    },
    who.youthCare,
    ctx,
  );

  // Received: a teacher worries and stays anonymous. The person is the demo's first case: "already known?" finds it.
  await createSignal(
    {
      input: {
        kind: 'concern',
        theme: 'radicalisation',
        description: 'Fictief: een leerling van het vijfde jaar toont in de klas filmpjes die geweld verheerlijken en zondert zich af.',
        reporterAnonymous: true,
        subject: { givenName: 'Jonas', familyName: 'Demo-Verbeke', birthDate: '2010-03-02' },
      },
    },
    who.school,
    ctx,
  );

  // In consultation: screened with the reporter, a question through the channel, a shared concern, a named inquiry.
  const shared = await createSignal(
    {
      input: {
        kind: 'concern',
        theme: 'radicalisation',
        description: 'Fictief: een jongere die de jeugdwerking al jaren bezoekt, komt niet meer en verspreidt online oproepen tot haat.',
        reporterAnonymous: false,
        subject: PERSON,
      },
    },
    who.youthWork,
    ctx,
  );
  await sendSignalMessage(
    { signalId: shared.id, input: { body: 'Dank voor uw signaal. Kunt u vertellen sinds wanneer hij niet meer komt? (fictief)' } },
    who.coordinator,
    ctx,
  );
  await sendSignalMessage(
    { signalId: shared.id, input: { body: 'Sinds de herfstvakantie; zijn vrienden maken zich ook zorgen (fictief).' } },
    who.youthWork,
    ctx,
  );
  const observation = (await listInstruments(who.coordinator, ctx, 'nl')).find((instrument) => instrument.key === 'observation');
  if (observation)
    await recordScreening(
      {
        signalId: shared.id,
        body: {
          instrumentId: observation.id,
          answers: {
            'behaviour.observation': [{ fact: 'Komt sinds zes weken niet meer naar de jeugdwerking (fictief).', factor: 'risk' }],
            'relationships.observation': [
              { fact: 'Zijn oudere zus houdt contact en zoekt hulp (fictief).', factor: 'protective', unknown: 'Wat de ouders weten.' },
            ],
            'ideology_politics.observation': [{ fact: 'Deelt berichten die oproepen tot haat tegen een groep (fictief).', factor: 'risk' }],
          },
          judgement: {
            wellbeingVulnerable: true,
            radicalisationVulnerable: true,
            urgency: 'medium',
            rationale: 'Terugtrekking en haatberichten samen; een beschermende zus. Gedeelde zorg waarschijnlijk (fictief).',
          },
        },
      },
      who.coordinator,
      ctx,
    );
  await decideSignal(
    {
      signalId: shared.id,
      input: { outcome: 'shared_concern', rationale: 'Meerdere risicofactoren en een netwerk dat al betrokken is (fictief).' },
    },
    who.coordinator,
    ctx,
  );
  const inquiry = await createInquiry(
    {
      input: {
        signalId: shared.id,
        mode: 'named',
        organisationIds: [who.youthCare.organisationId, who.police.organisationId],
        purpose: 'Nagaan wie de jongere al begeleidt voor een aanmelding bij de partnertafel (fictief).',
        legalBasis: 'art_458ter',
      },
    },
    who.coordinator,
    ctx,
  );
  await answerInquiry(
    { id: inquiry.id, input: { known: 'yes', guidanceRunning: true, note: 'Begeleiding loopt; bel gerust (fictief).' } },
    who.youthCare,
    ctx,
  );

  // Referred: a shared concern becomes a case on the minors table (the person is under 18).
  const referred = await createSignal(
    {
      input: {
        kind: 'concern',
        theme: 'radicalisation',
        description: 'Fictief: een wijkagent hoort van ouders dat hun dochter online contact heeft met een ronselaar.',
        reporterAnonymous: false,
        subject: { givenName: 'Sara', familyName: 'Demo-Claeys', birthDate: '2011-02-08' },
      },
    },
    who.police,
    ctx,
  );
  await decideSignal(
    { signalId: referred.id, input: { outcome: 'shared_concern', rationale: 'Contact met een ronselaar en ouders die hulp vragen (fictief).' } },
    who.coordinator,
    ctx,
  );
  await referSignal(
    {
      signalId: referred.id,
      input: {
        identityDisclosure: 'restricted',
        summary: 'Fictief: online contact met een ronselaar; de ouders vragen hulp. Aangemeld na een gedeelde zorg.',
        caseOwnerOrganisationId: who.youthCare.organisationId,
      },
      locale: 'nl',
    },
    who.coordinator,
    ctx,
  );

  // Advice given: a non-shared concern; the person is not kept.
  const advised = await createSignal(
    {
      input: {
        kind: 'concern',
        theme: 'drugs',
        description: 'Fictief: een werkzoekende vertelt over een neef die cannabis gebruikt en wil weten wat hij kan doen.',
        reporterAnonymous: false,
        subject: { givenName: 'Tom', familyName: 'Demo-Peeters', birthDate: '2004-06-30' },
      },
    },
    who.employment,
    ctx,
  );
  await decideSignal(
    {
      signalId: advised.id,
      input: {
        outcome: 'non_shared_concern',
        rationale: 'Geen aanwijzingen van gevaar; de familie kan zelf hulp zoeken (fictief).',
        advice: 'Verwijs naar het drugpreventiepunt van de stad; het gesprek mag anoniem (fictief).',
      },
    },
    who.coordinator,
    ctx,
  );

  // Closed: no concern after the conversation.
  const calm = await createSignal(
    {
      input: {
        kind: 'concern',
        theme: 'gangs',
        description: 'Fictief: een groep jongeren hangt elke avond rond op het plein; een buurtbewoner vindt het verdacht.',
        reporterAnonymous: false,
      },
    },
    who.police,
    ctx,
  );
  await decideSignal(
    {
      signalId: calm.id,
      input: { outcome: 'no_concern', rationale: 'Een ontmoetingsplek zonder incidenten; de jeugdwerking is op de hoogte (fictief).' },
    },
    who.coordinator,
    ctx,
  );

  // A consult question, in consultation.
  const consult = await createSignal(
    {
      input: {
        kind: 'consult',
        theme: 'radicalisation',
        description: 'Fictief: hoe reageer ik als een leerling in de les complotverhalen vertelt?',
        reporterAnonymous: true,
      },
    },
    who.school,
    ctx,
  );
  await sendSignalMessage(
    { signalId: consult.id, input: { body: 'Goede vraag. Mag ik u bellen om het even door te nemen? (fictief)' } },
    who.coordinator,
    ctx,
  );
}
