import type { Child } from 'hono/jsx';
import { Form, SubmitButton } from '../../ui/components.tsx';
import { Flash, Layout } from '../../ui/layout.tsx';
import type { FormValues, View } from '../../ui/view.ts';
import { FORM_PLACES, TABS_ANCHOR, editValuesOf, formOf, showsManageTab, tabPath, type CasePageData, type CasePageState } from './case-page.model.ts';
import { CASE_TABS, MODULE_CASE_TABS, type CaseTab } from './case-read-parts.ts';
import { Consents } from './case-consents.views.tsx';
import { CaseItems, CaseTimeline, Item } from './case-items.views.tsx';
import { ageBandLabel, refChoices, themeChoices } from './case-list.views.tsx';
import { CaseStateForms } from './case-state.views.tsx';
import { ConfirmLink } from '../../ui/confirm.tsx';
import { removeParticipantPath } from './case-places.ts';
import { ChoiceGroup, Facts, FormErrors, HiddenField, SelectInput, TextArea, displayDay, displayTime, type FormState } from './cases.components.tsx';
import type { ParticipantView } from './cases.schemas.ts';
import { PARTICIPANT_ROLES } from './cases.vocabulary.ts';

/*
 * The case page as tabs, each its own page with the case reference as its h1 and the tab list:
 * Overview (facts, summary, the latest information, identity), Information (items and the add-item
 * form), People and consents, History, and for the coordinator Manage (edit, disclosure, close,
 * reopen). The sections of the other tabs come from their own files.
 */

function CaseFacts({ view, data }: { view: View; data: CasePageData }) {
  const { case: current } = data;
  const subject = current.subject;
  return (
    <Facts
      entries={[
        [view.t('cases.field.table'), current.tableName],
        [view.t('cases.field.theme'), view.t(`cases.theme.${current.theme}`)],
        [view.t('cases.field.status'), view.t(`cases.status.${current.status}`)],
        [view.t('cases.field.identity_disclosure'), view.t(`cases.disclosure.${current.identityDisclosure}`)],
        [view.t('cases.field.age_band'), ageBandLabel(view, subject.ageBand)],
        [view.t('cases.field.gender'), subject.gender ? view.t(`cases.gender.${subject.gender}`) : null],
        [view.t('cases.field.case_owner'), current.caseOwnerOrganisation?.name],
        [view.t('cases.field.referrer'), current.referrerOrganisation?.name],
        [view.t('cases.field.opened'), displayTime(current.createdAt, view.locale)],
        [view.t('cases.field.outcome'), current.outcome ? view.t(`cases.outcome.${current.outcome}`) : null],
        [view.t('cases.field.closed'), current.closedAt ? displayTime(current.closedAt, view.locale) : null],
        [view.t('cases.field.age_exception_reason'), current.ageExceptionReason],
      ]}
    />
  );
}

function CaseIdentity({ view, data }: { view: View; data: CasePageData }) {
  const { case: current } = data;
  const subject = current.subject;
  return (
    <>
      <section aria-labelledby="identity-heading">
        <h2 id="identity-heading">{view.t('cases.identity_title')}</h2>
        {current.identityVisible ? (
          <Facts
            entries={[
              [view.t('cases.field.given_name'), subject.givenName],
              [view.t('cases.field.family_name'), subject.familyName],
              [view.t('cases.field.birth_date'), subject.birthDate ? displayDay(subject.birthDate, view.locale) : null],
            ]}
          />
        ) : (
          <p>{view.t(current.identityDisclosure === 'anonymous' ? 'cases.identity_anonymous' : 'cases.identity_hidden')}</p>
        )}
      </section>
      {current.contextPersons.length > 0 && (
        <section aria-labelledby="context-heading">
          <h2 id="context-heading">{view.t('cases.context_title')}</h2>
          <ul>
            {current.contextPersons.map((person) => (
              <li>
                {[
                  view.t(`cases.context_role.${person.role}`),
                  [person.givenName, person.familyName].filter(Boolean).join(' '),
                  ageBandLabel(view, person.ageBand),
                ]
                  .filter((part) => part && part !== '')
                  .join(' · ')}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The newest pieces of information first (at most three), with the way to all of them and to the form. */
function LatestItems({ view, data }: { view: View; data: CasePageData }) {
  const latest = data.items.slice(-3).reverse();
  const information = tabPath(data.case.id, 'information');
  return (
    <section aria-labelledby="latest-items">
      <h2 id="latest-items">{view.t('cases.latest_items_title')}</h2>
      {latest.length === 0 ? (
        <p>{view.t('cases.items_empty')}</p>
      ) : (
        <ul class="records">
          {latest.map((item) => (
            <Item view={view} item={item} />
          ))}
        </ul>
      )}
      <ul class="link-list">
        {data.items.length > 0 && (
          <li>
            <a href={`${information}#items`}>{view.t('cases.latest_items_all', { count: data.items.length })}</a>
          </li>
        )}
        {data.abilities.addItem && (
          <li>
            <a href={`${information}#add-item`}>{view.t('cases.latest_items_add')}</a>
          </li>
        )}
      </ul>
    </section>
  );
}

function Overview({ view, data }: { view: View; data: CasePageData }) {
  return (
    <>
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">{view.t('cases.field.summary')}</h2>
        <p class="text-block">{data.case.summary}</p>
      </section>
      <LatestItems view={view} data={data} />
      <CaseFacts view={view} data={data} />
      <CaseIdentity view={view} data={data} />
    </>
  );
}

/** The current values next to what the person typed, after someone else saved first. */
function ConflictNotice({ view, data, input }: { view: View; data: CasePageData; input: FormValues }) {
  const organisationName = (id: unknown) => data.choices.organisations.find((organisation) => organisation.id === id)?.name ?? view.t('cases.none');
  const theme = (value: unknown) => (typeof value === 'string' && value !== '' ? view.t(`cases.theme.${value}`) : '—');
  const rows: [string, string, string][] = [
    [view.t('cases.field.summary'), data.case.summary, typeof input.summary === 'string' ? input.summary : ''],
    [view.t('cases.field.theme'), theme(data.case.theme), theme(input.theme)],
    [
      view.t('cases.field.case_owner'),
      data.case.caseOwnerOrganisation?.name ?? view.t('cases.none'),
      organisationName(input.caseOwnerOrganisationId),
    ],
  ];
  return (
    <div class="error-summary conflict" role="alert" tabindex={-1} aria-labelledby="conflict-title">
      <h3 id="conflict-title">{view.t('cases.conflict.title')}</h3>
      <p>{view.t('cases.conflict.explanation')}</p>
      <table>
        <caption>{view.t('cases.conflict.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{view.t('cases.conflict.field')}</th>
            <th scope="col">{view.t('cases.conflict.current')}</th>
            <th scope="col">{view.t('cases.conflict.yours')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([field, current, yours]) => (
            <tr>
              <th scope="row">{field}</th>
              <td class="text-block">{current}</td>
              <td class="text-block">{yours}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EditCase({ view, data, state, flash }: { view: View; data: CasePageData; state: CasePageState; flash: Child }) {
  const form: FormState = state.conflict
    ? { values: state.conflict, errors: {} }
    : (state.forms.edit ?? { values: editValuesOf(data.case), errors: {} });
  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading">{view.t('cases.edit_title')}</h2>
      {flash}
      {state.conflict && <ConflictNotice view={view} data={data} input={state.conflict} />}
      <FormErrors
        view={view}
        scope="edit"
        errors={form.errors}
        labels={{
          summary: view.t('cases.field.summary'),
          theme: view.t('cases.field.theme'),
          caseOwnerOrganisationId: view.t('cases.field.case_owner'),
        }}
      />
      <Form view={view} action={`/cases/${data.case.id}#${FORM_PLACES.edit.anchor}`}>
        <HiddenField name="version" value={String(data.case.version)} />
        <TextArea scope="edit" name="summary" label={view.t('cases.field.summary')} hint={view.t('cases.summary_hint')} form={form} required />
        <SelectInput scope="edit" name="theme" label={view.t('cases.field.theme')} form={form} required options={themeChoices(view)} />
        <SelectInput
          scope="edit"
          name="caseOwnerOrganisationId"
          label={view.t('cases.field.case_owner')}
          hint={view.t('cases.case_owner_hint')}
          form={form}
          placeholder={view.t('cases.none')}
          options={refChoices(data.choices.organisations)}
        />
        <SubmitButton label={view.t('form.save')} />
      </Form>
    </section>
  );
}

const roleLabel = (view: View, participant: ParticipantView) =>
  participant.fromTable ? view.t('cases.role.key_figure_from_table') : view.t(`cases.role.${participant.role}`);

function Participants({ view, data, state, flash }: { view: View; data: CasePageData; state: CasePageState; flash: Child }) {
  const manage = data.abilities.manageParticipants;
  const form = formOf(state, 'participant');
  const removeErrors = formOf(state, 'removeParticipant').errors;
  return (
    <section aria-labelledby="participants">
      <h2 id="participants">{view.t('cases.participants_title')}</h2>
      {flash}
      <p class="hint">{view.t('cases.participants_hint')}</p>
      <FormErrors view={view} scope="removeParticipant" errors={removeErrors} labels={{}} />
      {data.participants.length === 0 ? (
        <p>{view.t('cases.participants_empty')}</p>
      ) : (
        <table>
          <caption>{view.t('cases.participants_caption', { count: data.participants.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{view.t('field.name')}</th>
              <th scope="col">{view.t('field.organisation')}</th>
              <th scope="col">{view.t('cases.field.participant_role')}</th>
              {manage && <th scope="col">{view.t('cases.actions_column')}</th>}
            </tr>
          </thead>
          <tbody>
            {data.participants.map((participant) => (
              <tr>
                <th scope="row">{participant.name}</th>
                <td>{participant.organisation.name}</td>
                <td>{roleLabel(view, participant)}</td>
                {manage && (
                  <td>
                    {participant.fromTable ? (
                      view.t('cases.participant_from_table')
                    ) : (
                      <ConfirmLink
                        href={removeParticipantPath(data.case.id, participant.userId)}
                        label={view.t('cases.remove_participant')}
                        accessibleName={view.t('cases.remove_participant_named', {
                          name: participant.name,
                          organisation: participant.organisation.name,
                        })}
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && (
        <>
          <h3 id={FORM_PLACES.participant.anchor}>{view.t('cases.add_participant_title')}</h3>
          <FormErrors
            view={view}
            scope="participant"
            errors={form.errors}
            labels={{ userId: view.t('cases.field.participant'), role: view.t('cases.field.participant_role') }}
          />
          <Form view={view} action={`/cases/${data.case.id}/participants#${FORM_PLACES.participant.anchor}`}>
            <SelectInput
              scope="participant"
              name="userId"
              label={view.t('cases.field.participant')}
              hint={view.t('cases.participant_hint')}
              form={form}
              required
              placeholder={view.t('form.choose')}
              options={data.choices.caseWorkers.map((user) => ({
                value: user.id,
                label: view.t('cases.participant_option', { name: user.name, organisation: user.organisationName }),
              }))}
            />
            <ChoiceGroup
              scope="participant"
              name="role"
              legend={view.t('cases.field.participant_role')}
              form={form}
              required
              options={PARTICIPANT_ROLES.map((value) => ({
                value,
                label: view.t(`cases.role.${value}`),
                hint: view.t(`cases.role.${value}_hint`),
              }))}
            />
            <SubmitButton label={view.t('cases.add_participant')} />
          </Form>
        </>
      )}
    </section>
  );
}

/** The tab list: real links, the current one marked for assistive technology (aria-current). */
function CaseTabs({ view, data }: { view: View; data: CasePageData }) {
  const tabs = CASE_TABS.filter((tab) => tab !== 'manage' || showsManageTab(data.abilities));
  return (
    <nav aria-label={view.t('cases.tabs_label')} class="tabs" id={TABS_ANCHOR}>
      <ul>
        {tabs.map((tab) => (
          <li>
            <a href={tabPath(data.case.id, tab)} aria-current={tab === data.tab ? 'page' : undefined}>
              {view.t(`cases.tab.${tab}`)}
            </a>
          </li>
        ))}
        {MODULE_CASE_TABS.map((tab) => (
          <li>
            <a href={`/cases/${data.case.id}/${tab}`}>{view.t(`cases.tab.${tab}`)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The sections of one tab; `flashIn` names the section that shows the saved-message. */
function TabContent({ view, data, state, flashIn }: { view: View; data: CasePageData; state: CasePageState; flashIn: string }) {
  const flash = (section: string) => (flashIn === section ? <Flash view={view} /> : null);
  switch (data.tab) {
    case 'overview':
      return <Overview view={view} data={data} />;
    case 'information':
      return <CaseItems view={view} data={data} form={formOf(state, 'item')} flash={flash('items')} />;
    case 'people':
      return (
        <>
          <Participants view={view} data={data} state={state} flash={flash('participants')} />
          <Consents view={view} data={data} state={state} flash={flash('consents')} />
        </>
      );
    case 'history':
      return <CaseTimeline view={view} timeline={data.timeline} />;
    case 'manage':
      return (
        <>
          {data.abilities.update && <EditCase view={view} data={data} state={state} flash={flash('edit-heading')} />}
          <CaseStateForms view={view} data={data} state={state} />
        </>
      );
  }
}

/** The sections each tab draws, for placing a saved-message that belongs to one of them. */
const TAB_SECTIONS: Record<CaseTab, readonly string[]> = {
  overview: [],
  information: ['items'],
  people: ['participants', 'consents'],
  history: [],
  manage: ['edit-heading'],
};

export function CasePage({ view, data, state, savedSection }: { view: View; data: CasePageData; state: CasePageState; savedSection?: string }) {
  const title = view.t('cases.case_title', { reference: data.case.reference });
  const section = savedSection ?? TABS_ANCHOR;
  const flashIn =
    section === 'edit-heading' && !data.abilities.update ? TABS_ANCHOR : TAB_SECTIONS[data.tab].includes(section) ? section : TABS_ANCHOR;
  return (
    <Layout view={view} title={view.t('cases.tab_title', { tab: view.t(`cases.tab.${data.tab}`), reference: data.case.reference })} ownFlash>
      <p>
        <a href="/cases">{view.t('cases.back')}</a>
      </p>
      <h1>{title}</h1>
      <CaseTabs view={view} data={data} />
      {flashIn === TABS_ANCHOR && <Flash view={view} />}
      {state.notice && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{state.notice}</p>
        </div>
      )}
      <TabContent view={view} data={data} state={state} flashIn={flashIn} />
    </Layout>
  );
}
