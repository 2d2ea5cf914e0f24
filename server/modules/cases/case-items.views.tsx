import type { Child } from 'hono/jsx';
import { Form, SubmitButton } from '../../ui/components.tsx';
import type { View } from '../../ui/view.ts';
import { CASE_EVENT_KINDS } from './case-journal.ts';
import { FORM_PLACES, type CasePageData } from './case-page.model.ts';
import { ChoiceGroup, Facts, FormErrors, TextArea, displayDay, displayTime, type FormState } from './cases.components.tsx';
import type { ItemView, TimelineEntry } from './cases.schemas.ts';
import { AUDIENCES, CASE_OUTCOMES, CONSENT_GIVERS, IDENTITY_DISCLOSURES, ITEM_CLASSES, PARTICIPANT_ROLES } from './cases.vocabulary.ts';

/* The information items the viewer may read, the form that adds one, and the timeline. */

export function Item({ view, item }: { view: View; item: ItemView }) {
  const headingId = `item-${item.id}`;
  const audience =
    item.audience === 'organisations'
      ? view.t('cases.item.audience_named', { organisations: item.organisations.map((organisation) => organisation.name).join(', ') })
      : view.t(`cases.audience.${item.audience}`);
  return (
    <li>
      <article aria-labelledby={headingId} class="item">
        <h3 id={headingId}>
          {view.t('cases.item.heading', { organisation: item.author.organisation.name, date: displayTime(item.createdAt, view.locale) })}
        </h3>
        <p class="text-block">{item.body}</p>
        <Facts
          entries={[
            [view.t('cases.item.author'), view.t('cases.item.author_value', { name: item.author.name, organisation: item.author.organisation.name })],
            [view.t('cases.item.audience'), audience],
            [view.t('cases.item.legal_basis'), view.t(`cases.legal_basis.${item.legalBasis}`)],
            [
              view.t('cases.item.classes'),
              item.classes.length > 0 ? item.classes.map((value) => view.t(`cases.item_class.${value}`)).join(', ') : view.t('cases.item.no_classes'),
            ],
          ]}
        />
      </article>
    </li>
  );
}

/** A basis's own hint, and — when it does not hold for every audience — the audiences it holds for. */
function basisHint(view: View, basis: string, audiences: readonly string[]): string {
  const own = view.t(`cases.legal_basis.${basis}_hint`);
  if (audiences.length === AUDIENCES.length) return own;
  const list = audiences.map((audience) => view.t(`cases.audience.${audience}`)).join(', ');
  return `${own} ${view.t('cases.item.legal_basis_only_for', { audiences: list })}`;
}

function AddItem({ view, data, form }: { view: View; data: CasePageData; form: FormState }) {
  const participating = new Set(data.choices.participatingOrganisationIds);
  const currentConsents = data.consents.filter((consent) => consent.withdrawnAt === null);
  return (
    <>
      <h3 id={FORM_PLACES.item.anchor}>{view.t('cases.add_item_title')}</h3>
      <p class="hint">{view.t('cases.add_item_intro')}</p>
      <FormErrors
        view={view}
        scope="item"
        errors={form.errors}
        labels={{
          body: view.t('cases.item.body'),
          audience: view.t('cases.item.audience'),
          organisationIds: view.t('cases.item.organisations'),
          legalBasis: view.t('cases.item.legal_basis'),
          consentId: view.t('cases.item.consent'),
          classes: view.t('cases.item.classes'),
        }}
      />
      <Form view={view} action={`/cases/${data.case.id}/items#${FORM_PLACES.item.anchor}`}>
        <TextArea scope="item" name="body" label={view.t('cases.item.body')} hint={view.t('cases.item.body_hint')} form={form} required rows={6} />
        <ChoiceGroup
          scope="item"
          name="audience"
          legend={view.t('cases.item.audience')}
          hint={view.t('cases.item.audience_hint')}
          form={form}
          required
          options={AUDIENCES.map((value) => ({ value, label: view.t(`cases.audience.${value}`), hint: view.t(`cases.audience.${value}_hint`) }))}
        />
        <ChoiceGroup
          scope="item"
          name="organisationIds"
          legend={view.t('cases.item.organisations')}
          hint={view.t('cases.item.organisations_hint')}
          form={form}
          multiple
          options={data.choices.organisations
            .filter((organisation) => participating.has(organisation.id))
            .map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        />
        <ChoiceGroup
          scope="item"
          name="legalBasis"
          legend={view.t('cases.item.legal_basis')}
          hint={view.t('cases.item.legal_basis_hint')}
          form={form}
          required
          options={data.choices.legalBases.offered.map(({ basis, audiences }) => ({
            value: basis,
            label: view.t(`cases.legal_basis.${basis}`),
            hint: basisHint(view, basis, audiences),
          }))}
        />
        {data.choices.legalBases.withheld.length > 0 && (
          <div class="hint" id="item-legal-basis-withheld">
            <p>{view.t('cases.item.legal_basis_withheld')}</p>
            <ul>
              {data.choices.legalBases.withheld.map(({ basis, reason }) => (
                <li>
                  {view.t('cases.item.legal_basis_withheld_line', {
                    basis: view.t(`cases.legal_basis.${basis}`),
                    reason: view.t(`validation.legal_basis.${reason}`),
                  })}
                </li>
              ))}
            </ul>
          </div>
        )}
        <ChoiceGroup
          scope="item"
          name="consentId"
          legend={view.t('cases.item.consent')}
          hint={view.t(currentConsents.length > 0 ? 'cases.item.consent_hint' : 'cases.item.consent_none')}
          form={form}
          checked={[typeof form.values.consentId === 'string' ? form.values.consentId : '']}
          options={[
            { value: '', label: view.t('cases.item.consent_none_option') },
            ...currentConsents.map((consent) => ({
              value: consent.id,
              label: view.t('cases.item.consent_option', {
                givenBy: view.t(`cases.consent.given_by.${consent.givenBy}`),
                date: displayDay(consent.givenOn, view.locale),
                organisations: consent.organisations.map((organisation) => organisation.name).join(', '),
              }),
            })),
          ]}
        />
        <ChoiceGroup
          scope="item"
          name="classes"
          legend={view.t('cases.item.classes')}
          hint={view.t('cases.item.classes_hint')}
          form={form}
          multiple
          options={ITEM_CLASSES.map((value) => ({ value, label: view.t(`cases.item_class.${value}`) }))}
        />
        <SubmitButton label={view.t('cases.add_item')} />
      </Form>
    </>
  );
}

export function CaseItems({ view, data, form, flash }: { view: View; data: CasePageData; form: FormState; flash?: Child }) {
  return (
    <section aria-labelledby="items">
      <h2 id="items">{view.t('cases.items_title')}</h2>
      {flash}
      <p class="hint">{view.t('cases.items_hint')}</p>
      {data.items.length === 0 ? (
        <p>{view.t('cases.items_empty')}</p>
      ) : (
        <ul class="records">
          {data.items.map((item) => (
            <Item view={view} item={item} />
          ))}
        </ul>
      )}
      {data.abilities.addItem && <AddItem view={view} data={data} form={form} />}
    </section>
  );
}

/** A vocabulary value as its label, or null for a value this screen does not know (never a raw key). */
function labelIn(view: View, vocabulary: readonly string[], prefix: string, value: string | null | undefined): string | null {
  return value && vocabulary.includes(value) ? view.t(`${prefix}.${value}`) : null;
}

const CHANGED_FIELDS: Record<string, string> = {
  summary: 'cases.field.summary',
  theme: 'cases.field.theme',
  caseOwnerOrganisationId: 'cases.field.case_owner',
};

/** The detail stored with a timeline entry, in words: a level, a role, an audience, an outcome … */
function eventDetail(view: View, entry: TimelineEntry): string | null {
  switch (entry.kind) {
    case 'created':
      return labelIn(view, IDENTITY_DISCLOSURES, 'cases.disclosure', entry.detail);
    case 'updated':
      return (entry.detail ?? '')
        .split(',')
        .filter((field) => CHANGED_FIELDS[field])
        .map((field) => view.t(CHANGED_FIELDS[field]!))
        .join(', ');
    case 'participant_added':
    case 'participant_removed':
      return labelIn(view, PARTICIPANT_ROLES, 'cases.role', entry.detail);
    case 'item_added':
      return labelIn(view, AUDIENCES, 'cases.audience', entry.detail);
    case 'consent_recorded':
      return labelIn(view, CONSENT_GIVERS, 'cases.consent.given_by', entry.detail);
    case 'disclosure_raised': {
      const [from, to] = (entry.detail ?? '').split('>');
      const labels = [labelIn(view, IDENTITY_DISCLOSURES, 'cases.disclosure', from), labelIn(view, IDENTITY_DISCLOSURES, 'cases.disclosure', to)];
      return labels[0] && labels[1] ? view.t('cases.event.from_to', { from: labels[0], to: labels[1] }) : null;
    }
    case 'closed':
      return labelIn(view, CASE_OUTCOMES, 'cases.outcome', entry.detail);
    case 'moved':
      return entry.move ? view.t('cases.event.moved_tables', { from: entry.move.fromTable, to: entry.move.toTable }) : null;
    default:
      return null;
  }
}

const what = (view: View, entry: TimelineEntry): string => labelIn(view, CASE_EVENT_KINDS, 'cases.event', entry.kind) ?? view.t('cases.event.other');

export function CaseTimeline({ view, timeline }: { view: View; timeline: readonly TimelineEntry[] }) {
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{view.t('cases.timeline_title')}</h2>
      <p class="hint">{view.t('cases.timeline_hint')}</p>
      <ol class="timeline">
        {timeline.map((entry) => {
          const detail = eventDetail(view, entry);
          return (
            <li>
              <time datetime={entry.occurredAt}>{displayTime(entry.occurredAt, view.locale)}</time>{' '}
              {detail
                ? view.t('cases.event.line_detail', { what: what(view, entry), organisation: entry.organisation.name, detail })
                : view.t('cases.event.line', { what: what(view, entry), organisation: entry.organisation.name })}
              {entry.text && <p class="text-block">{entry.text}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
