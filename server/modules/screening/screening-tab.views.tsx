import { ErrorSummary, Form, SubmitButton, type FieldLabels } from '../../ui/components.tsx';
import { ChoiceGroup, TextArea, controlId, type FormState } from '../../ui/form-controls.tsx';
import { formatLocalTime } from '../../ui/local-time.ts';
import { Flash } from '../../ui/layout.tsx';
import type { View } from '../../ui/view.ts';
import { SignalPage, type SignalAccess } from '../signals/index.ts';
import type { Observation } from './screening-answers.ts';
import { ADD_ROW, rowsField } from './screening-form.ts';
import { OBSERVATION_FACTORS, URGENCIES, type InstrumentView, type ScreeningView } from './screening.schemas.ts';

/*
 * The screening tab of a signal (coordinator only): the screenings recorded so far, each with the
 * instrument version it used, and the form to record one. The category appears only on a recorded
 * screening, explained as the category of the judgement — the form never shows or hints at one.
 */

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** "Category 3: vulnerable as to radicalisation, not as to general well-being" — the judgement's category, never a score. */
export function CategoryLine({ view, category }: { view: View; category: number }) {
  return (
    <p class="screening-category">
      <strong>{view.t('screening.category.label', { category })}</strong> {view.t(`screening.category.${category}`)}
    </p>
  );
}

function Observations({ view, observations }: { view: View; observations: readonly Observation[] }) {
  return (
    <ul>
      {observations.map((observation) => (
        <li>
          <span class="text-block">{observation.fact}</span> ({view.t(`screening.factor.${observation.factor}`)})
          {observation.unknown && (
            <>
              <br />
              {view.t('screening.recorded.still_unknown', { unknown: observation.unknown })}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function RecordedAnswers({ view, screening, instrument }: { view: View; screening: ScreeningView; instrument: InstrumentView | undefined }) {
  if (!instrument) return null;
  const sections = instrument.sections
    .map((section) => ({ section, items: section.items.filter((item) => screening.answers[item.key] !== undefined) }))
    .filter(({ items }) => items.length > 0);
  if (sections.length === 0) return <p class="hint">{view.t('screening.recorded.no_answers')}</p>;
  return (
    <>
      {sections.map(({ section, items }) => (
        <div class="screening-answers">
          <h4>{section.title}</h4>
          {items.some((item) => item.kind === 'check') && (
            <ul>
              {items
                .filter((item) => item.kind === 'check')
                .map((item) => (
                  <li>{item.prompt}</li>
                ))}
            </ul>
          )}
          {items
            .filter((item) => item.kind === 'observation')
            .map((item) => {
              const answer = screening.answers[item.key];
              return Array.isArray(answer) ? <Observations view={view} observations={answer} /> : null;
            })}
        </div>
      ))}
    </>
  );
}

/** The screenings recorded on the signal, newest first. */
export function RecordedScreenings(props: { view: View; screenings: readonly ScreeningView[]; instruments: ReadonlyMap<string, InstrumentView> }) {
  const { view } = props;
  return (
    <section aria-labelledby="screenings-recorded">
      <h2 id="screenings-recorded">{view.t('screening.recorded.title')}</h2>
      {props.screenings.length === 0 ? (
        <p>{view.t('screening.recorded.none')}</p>
      ) : (
        <ul class="records">
          {props.screenings.map((screening) => (
            <li>
              <article aria-labelledby={`screening-${screening.id}`}>
                <h3 id={`screening-${screening.id}`}>
                  {view.t('screening.recorded.heading', {
                    instrument: screening.instrument.title,
                    version: screening.instrument.version,
                    date: formatLocalTime(screening.screenedAt, view.locale),
                  })}
                </h3>
                <CategoryLine view={view} category={screening.category} />
                <p class="hint">{view.t('screening.category.explain')}</p>
                <dl class="facts">
                  <div>
                    <dt>{view.t('screening.judgement.wellbeing')}</dt>
                    <dd>{view.t(screening.judgement.wellbeingVulnerable ? 'screening.judgement.yes' : 'screening.judgement.no')}</dd>
                  </div>
                  <div>
                    <dt>{view.t('screening.judgement.radicalisation')}</dt>
                    <dd>{view.t(screening.judgement.radicalisationVulnerable ? 'screening.judgement.yes' : 'screening.judgement.no')}</dd>
                  </div>
                  <div>
                    <dt>{view.t('screening.judgement.urgency')}</dt>
                    <dd>{view.t(`screening.urgency.${screening.judgement.urgency}`)}</dd>
                  </div>
                  <div>
                    <dt>{view.t('screening.judgement.rationale')}</dt>
                    <dd class="text-block">{screening.judgement.rationale}</dd>
                  </div>
                </dl>
                <RecordedAnswers view={view} screening={screening} instrument={props.instruments.get(screening.instrument.id)} />
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Which instrument to go through: a plain GET form, so it works without JavaScript. */
export function InstrumentChoice(props: { view: View; action: string; instruments: readonly InstrumentView[]; chosen: InstrumentView }) {
  const { view } = props;
  const id = controlId(undefined, 'instrument');
  return (
    <form method="get" action={props.action} class="inline-form">
      <div class="field">
        <label for={id}>{view.t('screening.form.instrument')}</label>
        <select id={id} name="instrument">
          {props.instruments.map((instrument) => (
            <option value={instrument.key} selected={instrument.key === props.chosen.key}>
              {view.t('screening.form.instrument_option', { title: instrument.title, version: instrument.version })}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{view.t('screening.form.choose')}</button>
    </form>
  );
}

/** Labels of every field the form may report on, for the error summary. */
function fieldLabels(view: View, instrument: InstrumentView, rows: Readonly<Record<string, number>>): FieldLabels {
  const labels: Record<string, string> = {
    instrumentId: view.t('screening.form.instrument'),
    answers: view.t('screening.form.answers'),
    'judgement.wellbeingVulnerable': view.t('screening.judgement.wellbeing'),
    'judgement.radicalisationVulnerable': view.t('screening.judgement.radicalisation'),
    'judgement.urgency': view.t('screening.judgement.urgency'),
    'judgement.rationale': view.t('screening.judgement.rationale'),
  };
  for (const section of instrument.sections)
    for (const item of section.items) {
      if (item.kind === 'check') {
        labels[`answers.${item.key}`] = item.prompt;
        continue;
      }
      labels[`answers.${item.key}`] = section.title;
      for (let row = 0; row < (rows[item.key] ?? 0); row += 1)
        for (const field of ['fact', 'factor', 'unknown'])
          labels[`answers.${item.key}.${row}.${field}`] = view.t('screening.form.row_field', {
            area: section.title,
            number: row + 1,
            field: view.t(`screening.form.${field}`),
          });
    }
  return labels;
}

function ObservationRow({ view, itemKey, row, form }: { view: View; itemKey: string; row: number; form: FormState }) {
  const name = (field: string) => `answers.${itemKey}.${row}.${field}`;
  return (
    <fieldset class="observation-row">
      <legend>{view.t('screening.form.row', { number: row + 1 })}</legend>
      <TextArea
        name={name('fact')}
        label={view.t('screening.form.fact')}
        hint={view.t('screening.form.fact_hint')}
        form={form}
        rows={2}
        maxLength={2000}
      />
      <ChoiceGroup
        name={name('factor')}
        legend={view.t('screening.form.factor')}
        form={form}
        options={OBSERVATION_FACTORS.map((value) => ({ value, label: view.t(`screening.factor.${value}`) }))}
      />
      <TextArea name={name('unknown')} label={view.t('screening.form.unknown')} form={form} rows={2} maxLength={2000} />
    </fieldset>
  );
}

/**
 * The form of one instrument version in the reader's language: its sections as fieldsets with their
 * help, observation items as repeatable rows (three empty ones, "add an observation" as a plain
 * submit), check items as checkboxes; then the judgement. Implicit submission (Enter) records.
 */
export function ScreeningForm(props: {
  view: View;
  action: string;
  instrument: InstrumentView;
  form: FormState;
  rows: Readonly<Record<string, number>>;
}) {
  const { view, instrument, form, rows } = props;
  const checked = (itemKey: string) => first(form.values[`answers.${itemKey}`]) === 'present';
  return (
    <section aria-labelledby="screening-form-title">
      <h2 id="screening-form-title">{view.t('screening.form.title', { instrument: instrument.title, version: instrument.version })}</h2>
      <p class="hint">{instrument.description}</p>
      <ErrorSummary view={view} errors={form.errors} labels={fieldLabels(view, instrument, rows)} />
      <Form view={view} action={props.action}>
        {/*
         * Pressing Enter in a field submits the form with its FIRST submit button. That must record,
         * not "add an observation": so the form opens with a record button of its own — out of sight
         * and out of the tab order (the visible one stands at the end), but not hidden from assistive
         * technology, where it says what it does.
         */}
        <button type="submit" class="visually-hidden" tabindex={-1}>
          {view.t('screening.form.submit')}
        </button>
        <input type="hidden" name="instrumentId" value={instrument.id} />
        {instrument.sections.map((section) => (
          <fieldset class="screening-section" id={controlId(undefined, `section-${section.key}`)}>
            <legend>{section.title}</legend>
            {section.help && <p class="hint">{section.help}</p>}
            {section.items.map((item) =>
              item.kind === 'observation' ? (
                <div class="screening-item" id={controlId(undefined, `answers.${item.key}`)}>
                  <p>
                    <strong>{item.prompt}</strong>
                  </p>
                  {item.help && <p class="hint">{item.help}</p>}
                  {form.errors[`answers.${item.key}`] && <p class="field-error">{form.errors[`answers.${item.key}`]}</p>}
                  <input type="hidden" name={rowsField(item.key)} value={String(rows[item.key] ?? 0)} />
                  {Array.from({ length: rows[item.key] ?? 0 }, (_, row) => (
                    <ObservationRow view={view} itemKey={item.key} row={row} form={form} />
                  ))}
                  <button type="submit" name={ADD_ROW} value={item.key} class="secondary">
                    {view.t('screening.form.add_row', { area: section.title })}
                  </button>
                </div>
              ) : (
                <div class={form.errors[`answers.${item.key}`] ? 'checkbox has-error' : 'checkbox'}>
                  <input
                    type="checkbox"
                    id={controlId(undefined, `answers.${item.key}`)}
                    name={`answers.${item.key}`}
                    value="present"
                    checked={checked(item.key)}
                    aria-describedby={item.help ? `${controlId(undefined, `answers.${item.key}`)}-hint` : undefined}
                  />
                  <label for={controlId(undefined, `answers.${item.key}`)}>{item.prompt}</label>
                  {item.help && (
                    <p class="hint" id={`${controlId(undefined, `answers.${item.key}`)}-hint`}>
                      {item.help}
                    </p>
                  )}
                </div>
              ),
            )}
          </fieldset>
        ))}
        <fieldset class="screening-judgement">
          <legend>{view.t('screening.judgement.title')}</legend>
          <p class="hint">{view.t('screening.judgement.intro')}</p>
          <ChoiceGroup
            name="judgement.wellbeingVulnerable"
            legend={view.t('screening.judgement.wellbeing')}
            form={form}
            required
            options={['yes', 'no'].map((value) => ({ value, label: view.t(`screening.judgement.${value}`) }))}
          />
          <ChoiceGroup
            name="judgement.radicalisationVulnerable"
            legend={view.t('screening.judgement.radicalisation')}
            form={form}
            required
            options={['yes', 'no'].map((value) => ({ value, label: view.t(`screening.judgement.${value}`) }))}
          />
          <ChoiceGroup
            name="judgement.urgency"
            legend={view.t('screening.judgement.urgency')}
            form={form}
            required
            options={URGENCIES.map((value) => ({ value, label: view.t(`screening.urgency.${value}`) }))}
          />
          <TextArea
            name="judgement.rationale"
            label={view.t('screening.judgement.rationale')}
            hint={view.t('screening.judgement.rationale_hint')}
            form={form}
            required
            rows={5}
            maxLength={4000}
          />
        </fieldset>
        <SubmitButton label={view.t('screening.form.submit')} />
      </Form>
    </section>
  );
}

/** What the screening tab draws. */
export interface ScreeningTabData {
  /** The signal, as the signals door opened it (for the page's header and tabs). */
  readonly signal: SignalAccess;
  readonly screenings: readonly ScreeningView[];
  /** The versions the recorded screenings used, by id. */
  readonly used: ReadonlyMap<string, InstrumentView>;
  /** The instruments in use, to choose from. */
  readonly instruments: readonly InstrumentView[];
  readonly chosen: InstrumentView | null;
  /** `signals.screen`: the signal is still received or in consultation. */
  readonly mayRecord: boolean;
}

/** The tab's content: the screenings recorded, then the choice of instrument and its form. */
export function ScreeningTabContent(props: { view: View; data: ScreeningTabData; form: FormState; rows: Readonly<Record<string, number>> }) {
  const { view, data } = props;
  const action = `/signals/${data.signal.row.id}/screening`;
  return (
    <>
      <p class="hint">{view.t('screening.tab.intro')}</p>
      <Flash view={view} />
      <RecordedScreenings view={view} screenings={data.screenings} instruments={data.used} />
      {!data.mayRecord ? (
        <p>{view.t('screening.tab.closed')}</p>
      ) : !data.chosen ? (
        <p>{view.t('screening.instruments.empty')}</p>
      ) : (
        <>
          <InstrumentChoice view={view} action={action} instruments={data.instruments} chosen={data.chosen} />
          <p class="hint">{view.t('screening.form.intro')}</p>
          <ScreeningForm view={view} action={`${action}#screening-form-title`} instrument={data.chosen} form={props.form} rows={props.rows} />
        </>
      )}
    </>
  );
}

/** The screening tab as a whole page: the signal's frame (header and tabs) around the tab's content. */
export function ScreeningTabPage(props: { view: View; data: ScreeningTabData; form: FormState; rows: Readonly<Record<string, number>> }) {
  return (
    <SignalPage view={props.view} signal={props.data.signal} tab="screening" ownFlash>
      <ScreeningTabContent {...props} />
    </SignalPage>
  );
}
