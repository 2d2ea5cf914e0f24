import { Form, SubmitButton } from '../../ui/components.tsx';
import type { View } from '../../ui/view.ts';
import { ConfirmLink } from '../../ui/confirm.tsx';
import { withdrawConsentPath } from './case-places.ts';
import { refChoices } from './case-list.views.tsx';
import { formOf, type CasePageData, type CasePageState } from './case-page.model.ts';
import { ChoiceGroup, Facts, FormErrors, TextArea, TextInput, displayDay, displayTime } from './cases.components.tsx';
import type { ConsentView } from './cases.schemas.ts';
import { CONSENT_GIVERS } from './cases.vocabulary.ts';

/* The consents of a case: who gave them, for which organisations; the link to withdraw one and the form that records one. */

/** Current, or the day the person withdrew it (the instant it was recorded, for a withdrawal recorded before the day was asked). */
function withdrawalStatus(view: View, consent: ConsentView): string {
  if (consent.withdrawnOn) return view.t('cases.consent.withdrawn_on', { date: displayDay(consent.withdrawnOn, view.locale) });
  if (consent.withdrawnAt) return view.t('cases.consent.withdrawn_on', { date: displayTime(consent.withdrawnAt, view.locale) });
  return view.t('cases.consent.current');
}

function ConsentRecord({ view, data, consent }: { view: View; data: CasePageData; consent: ConsentView }) {
  const headingId = `consent-${consent.id}`;
  const giver = view.t(`cases.consent.given_by.${consent.givenBy}`);
  return (
    <li>
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>{view.t('cases.consent.heading', { givenBy: giver, date: displayDay(consent.givenOn, view.locale) })}</h3>
        <Facts
          entries={[
            [view.t('cases.consent.organisations'), consent.organisations.map((organisation) => organisation.name).join(', ')],
            [view.t('cases.consent.purpose'), <span class="text-block">{consent.purpose}</span>],
            [view.t('cases.consent.feedback'), view.t(consent.withFeedback ? 'cases.consent.feedback_yes' : 'cases.consent.feedback_no')],
            [view.t('cases.consent.document_reference'), consent.documentReference],
            [view.t('cases.consent.recorded_by'), consent.recordedByOrganisation.name],
            [view.t('cases.field.status'), withdrawalStatus(view, consent)],
            [view.t('cases.consent.withdrawal_reason'), consent.withdrawalReason && <span class="text-block">{consent.withdrawalReason}</span>],
          ]}
        />
        {data.choices.withdrawableConsentIds.includes(consent.id) && (
          <p>
            <ConfirmLink
              href={withdrawConsentPath(data.case.id, consent.id)}
              label={view.t('cases.consent.withdraw')}
              accessibleName={view.t('cases.consent.withdraw_named', { givenBy: giver, date: displayDay(consent.givenOn, view.locale) })}
            />
          </p>
        )}
      </article>
    </li>
  );
}

export function Consents({ view, data, state }: { view: View; data: CasePageData; state: CasePageState }) {
  const form = formOf(state, 'consent');
  return (
    <section aria-labelledby="consents">
      <h2 id="consents">{view.t('cases.consents_title')}</h2>
      <p class="hint">{view.t('cases.consents_hint')}</p>
      <FormErrors view={view} scope="withdraw" errors={formOf(state, 'withdraw').errors} />
      {data.consents.length === 0 ? (
        <p>{view.t('cases.consents_empty')}</p>
      ) : (
        <ul class="records">
          {data.consents.map((consent) => (
            <ConsentRecord view={view} data={data} consent={consent} />
          ))}
        </ul>
      )}
      {data.abilities.recordConsent && (
        <>
          <h3>{view.t('cases.record_consent_title')}</h3>
          <FormErrors view={view} scope="consent" errors={form.errors} />
          <Form view={view} action={`/cases/${data.case.id}/consents`}>
            <ChoiceGroup
              scope="consent"
              name="givenBy"
              legend={view.t('cases.consent.given_by_legend')}
              form={form}
              required
              options={CONSENT_GIVERS.map((value) => ({ value, label: view.t(`cases.consent.given_by.${value}`) }))}
            />
            <ChoiceGroup
              scope="consent"
              name="organisationIds"
              legend={view.t('cases.consent.organisations')}
              hint={view.t('cases.consent.organisations_hint')}
              form={form}
              required
              multiple
              options={refChoices(data.choices.organisations)}
            />
            <TextArea
              scope="consent"
              name="purpose"
              label={view.t('cases.consent.purpose')}
              hint={view.t('cases.consent.purpose_hint')}
              form={form}
              required
            />
            <ChoiceGroup
              scope="consent"
              name="withFeedback"
              legend={view.t('cases.consent.feedback')}
              form={form}
              multiple
              options={[{ value: 'yes', label: view.t('cases.consent.feedback_option'), hint: view.t('cases.consent.feedback_hint') }]}
            />
            <TextInput
              scope="consent"
              name="givenOn"
              type="date"
              label={view.t('cases.consent.given_on')}
              hint={view.t('cases.consent.given_on_hint')}
              form={form}
            />
            <TextInput
              scope="consent"
              name="documentReference"
              label={view.t('cases.consent.document_reference')}
              hint={view.t('cases.consent.document_reference_hint')}
              form={form}
            />
            <SubmitButton label={view.t('cases.record_consent')} />
          </Form>
        </>
      )}
    </section>
  );
}
