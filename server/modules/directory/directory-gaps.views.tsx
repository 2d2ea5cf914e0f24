import { ButtonForm, ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { GapReport, ReportCount } from './gap-report.ts';
import type { DirectorySettings } from './publish-map.ts';
import { DIRECTORY_THEMES, GAP_AGE_GROUPS, GAP_REASONS } from './directory.vocabulary.ts';

/* The gap register's pages: record a gap, the gap report (chart, table, CSV, PDF), the publishing setting. */

export interface PageForm {
  readonly values: FormValues;
  readonly errors: FieldErrors;
}

const themeLabel = (view: View, theme: string) => view.t(`cases.theme.${theme}`);
const reasonLabel = (view: View, reason: string) => view.t(`directory.gap_reason.${reason}`);
const languageLabel = (view: View, language: string | null) => language ?? view.t('directory.gap.language_none');

/** A figure as shown: the count, or "< 5". */
export const shownCount = (view: View, count: ReportCount): string =>
  count.suppressed ? view.t('directory.gap_report.suppressed') : String(count.count ?? 0);

export function GapFormPage({ view, form, caseId }: { view: View; form: PageForm; caseId: string | null }) {
  const title = view.t('directory.gap.title');
  const labels = {
    theme: view.t('directory.gap.theme'),
    ageGroup: view.t('directory.gap.age_group'),
    language: view.t('directory.gap.language'),
    reason: view.t('directory.gap.reason'),
    caseId: view.t('directory.gap.case'),
  };
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('directory.gap.intro')}</p>
      <p>
        <strong>{view.t('directory.gap.no_personal_data')}</strong>
      </p>
      <ErrorSummary view={view} errors={form.errors} labels={labels} />
      <Form view={view} action="/directory/gaps/new">
        {caseId !== null && <input type="hidden" name="caseId" value={caseId} />}
        {caseId !== null && <p>{view.t('directory.gap.from_case')}</p>}
        <SelectField
          name="theme"
          label={labels.theme}
          options={DIRECTORY_THEMES.map((theme) => ({ value: theme, label: themeLabel(view, theme) }))}
          values={form.values}
          errors={form.errors}
          required
          placeholder={view.t('form.choose')}
        />
        <SelectField
          name="ageGroup"
          label={labels.ageGroup}
          options={GAP_AGE_GROUPS.map((group) => ({ value: group, label: group }))}
          values={form.values}
          errors={form.errors}
          required
          placeholder={view.t('form.choose')}
        />
        <TextField name="language" label={labels.language} hint={view.t('directory.gap.language_hint')} values={form.values} errors={form.errors} />
        <SelectField
          name="reason"
          label={labels.reason}
          options={GAP_REASONS.map((reason) => ({ value: reason, label: reasonLabel(view, reason) }))}
          values={form.values}
          errors={form.errors}
          required
          placeholder={view.t('form.choose')}
        />
        <SubmitButton label={view.t('directory.gap.submit')} />
      </Form>
    </Layout>
  );
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 260;
const CHART_WIDTH = 560;

/**
 * The chart: one bar per theme × reason with gaps, drawn on the server as SVG. Suppressed figures
 * are drawn as an outlined stub labelled "< 5" (their length says nothing). The SVG is an image
 * described by its title; the table below holds the same figures for screen readers.
 */
function GapChart({ view, report }: { view: View; report: GapReport }) {
  const bars = report.themeReason.rows.flatMap((row) =>
    report.reasons
      .map((reason) => ({ label: `${themeLabel(view, row.theme)} · ${reasonLabel(view, reason)}`, cell: row.cells[reason]! }))
      .filter((bar) => bar.cell.suppressed || (bar.cell.count ?? 0) > 0),
  );
  if (bars.length === 0) return <p>{view.t('directory.gap_report.empty')}</p>;
  const max = Math.max(5, ...bars.map((bar) => bar.cell.count ?? 0));
  const scale = (CHART_WIDTH - LABEL_WIDTH - 50) / max;
  const height = bars.length * (BAR_HEIGHT + 6) + 6;
  return (
    <figure class="gap-chart">
      <svg viewBox={`0 0 ${CHART_WIDTH} ${height}`} width="100%" role="img" aria-labelledby="gap-chart-title" preserveAspectRatio="xMinYMin meet">
        <title id="gap-chart-title">{view.t('directory.gap_report.chart_title')}</title>
        {bars.map((bar, index) => {
          const y = 6 + index * (BAR_HEIGHT + 6);
          const width = bar.cell.suppressed ? 12 : (bar.cell.count ?? 0) * scale;
          return (
            <g>
              <text x={LABEL_WIDTH - 6} y={y + 15} text-anchor="end" font-size="11" fill="currentColor">
                {bar.label}
              </text>
              <rect
                x={LABEL_WIDTH}
                y={y}
                width={width}
                height={BAR_HEIGHT}
                fill={bar.cell.suppressed ? 'none' : '#1f5f8b'}
                stroke="#1f5f8b"
                stroke-dasharray={bar.cell.suppressed ? '3 2' : undefined}
              />
              <text x={LABEL_WIDTH + width + 6} y={y + 15} font-size="11" fill="currentColor">
                {shownCount(view, bar.cell)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{view.t('directory.gap_report.chart_caption')}</figcaption>
    </figure>
  );
}

export function GapReportPage({ view, report, form }: { view: View; report: GapReport | null; form: PageForm }) {
  const title = view.t('directory.gap_report.title');
  const labels = { from: view.t('directory.gap_report.from'), to: view.t('directory.gap_report.to') };
  const query = report ? `?from=${report.from}&to=${report.to}` : '';
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('directory.gap_report.intro')}</p>
      <ErrorSummary view={view} errors={form.errors} labels={labels} />
      <form method="get" action="/directory/gaps/report" role="search" aria-label={view.t('directory.gap_report.period')} novalidate>
        <TextField name="from" type="date" label={labels.from} values={form.values} errors={form.errors} required />
        <TextField name="to" type="date" label={labels.to} values={form.values} errors={form.errors} required />
        <SubmitButton label={view.t('directory.gap_report.show')} />
      </form>
      {report && (
        <section aria-labelledby="gap-report-figures">
          <h2 id="gap-report-figures">{view.t('directory.gap_report.figures', { from: report.from, to: report.to })}</h2>
          <p>{view.t('directory.gap_report.suppression_note')}</p>
          <p>
            <a href={`/directory/gaps/report.csv${query}`}>{view.t('directory.gap_report.csv')}</a> ·{' '}
            <a href={`/directory/gaps/report.pdf${query}`}>{view.t('directory.gap_report.pdf')}</a>
          </p>
          <GapChart view={view} report={report} />
          <div>
            <table>
              <caption id="gap-table-caption">{view.t('directory.gap_report.by_theme_reason')}</caption>
              <thead>
                <tr>
                  <th scope="col">{view.t('directory.gap.theme')}</th>
                  {report.reasons.map((reason) => (
                    <th scope="col">{reasonLabel(view, reason)}</th>
                  ))}
                  <th scope="col">{view.t('directory.gap_report.total')}</th>
                </tr>
              </thead>
              <tbody>
                {report.themeReason.rows.map((row) => (
                  <tr>
                    <th scope="row">{themeLabel(view, row.theme)}</th>
                    {report.reasons.map((reason) => (
                      <td data-label={reasonLabel(view, reason)}>{shownCount(view, row.cells[reason]!)}</td>
                    ))}
                    <td data-label={view.t('directory.gap_report.total')}>{shownCount(view, row.total)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{view.t('directory.gap_report.total')}</th>
                  {report.reasons.map((reason) => (
                    <td data-label={reasonLabel(view, reason)}>{shownCount(view, report.themeReason.totals[reason]!)}</td>
                  ))}
                  <td data-label={view.t('directory.gap_report.total')}>{shownCount(view, report.total)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <table>
            <caption>{view.t('directory.gap_report.by_age_group')}</caption>
            <thead>
              <tr>
                <th scope="col">{view.t('directory.gap.age_group')}</th>
                <th scope="col">{view.t('directory.gap_report.count')}</th>
              </tr>
            </thead>
            <tbody>
              {report.ageGroups.map((row) => (
                <tr>
                  <th scope="row">{row.ageGroup}</th>
                  <td data-label={view.t('directory.gap_report.count')}>{shownCount(view, row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>{view.t('directory.gap_report.by_language')}</caption>
            <thead>
              <tr>
                <th scope="col">{view.t('directory.gap.language')}</th>
                <th scope="col">{view.t('directory.gap_report.count')}</th>
              </tr>
            </thead>
            <tbody>
              {report.languages.map((row) => (
                <tr>
                  <th scope="row">{languageLabel(view, row.language)}</th>
                  <td data-label={view.t('directory.gap_report.count')}>{shownCount(view, row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}

export function DirectorySettingsPage({ view, settings }: { view: View; settings: DirectorySettings }) {
  const title = view.t('directory.settings.title');
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p>{view.t('directory.settings.intro')}</p>
      <p>
        {settings.published ? view.t('directory.settings.published') : view.t('directory.settings.not_published')}{' '}
        {settings.published && <a href={settings.publicPath}>{view.t('directory.settings.open_public')}</a>}
      </p>
      <ButtonForm
        view={view}
        action="/directory/settings"
        hidden={{ published: settings.published ? 'false' : 'true' }}
        label={settings.published ? view.t('directory.settings.withdraw') : view.t('directory.settings.publish')}
      />
    </Layout>
  );
}
