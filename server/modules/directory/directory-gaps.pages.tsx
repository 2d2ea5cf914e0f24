import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { handleForm, pick, requirePageActor } from '../../http/page-helpers.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { networkDay } from '../../ui/local-time.ts';
import { DirectorySettingsPage, GapFormPage, GapReportPage } from './directory-gaps.views.tsx';
import { gapReport, type GapReport } from './gap-report.ts';
import { gapReportCsv, gapReportPdf } from './gap-report-export.ts';
import { publishMap, readDirectorySettings } from './publish-map.ts';
import { recordGap, requireGapCase } from './record-gap.ts';
import { authorize } from '../../access/authorize.ts';

const EMPTY = { values: {}, errors: {} };
const GAP_FIELDS = ['theme', 'ageGroup', 'language', 'reason', 'caseId'] as const;

/**
 * Pages of the gap register and the publishing setting: `/directory/gaps/new` (record a gap, also
 * `?caseId=` from a case), `/directory/gaps/report` (+ `.csv`, `.pdf`), `/directory/settings`.
 */
export function registerDirectoryGapPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  const deps = { ctx, cookies };

  app.get('/directory/gaps/new', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'directory.recordGap');
    const value = formValues(request.query).caseId;
    const caseId = typeof value === 'string' ? value : null;
    // A case the user does not see: 404 before anything is drawn (the same answer as an unknown case).
    if (caseId !== null) await requireGapCase(caseId, actor, ctx);
    return sendPage(reply, GapFormPage({ view: viewFor(request, reply, cookies), form: EMPTY, caseId }));
  });

  app.post('/directory/gaps/new', async (request, reply) => {
    const actor = requirePageActor(request);
    const caseId = formValues(request.body).caseId;
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = pick(values, GAP_FIELDS);
        await recordGap({ input }, actor, ctx);
        // Recorded from a case (one the recorder sees, or recordGap refused it): back to its plan tab, with the confirmation there.
        if (typeof input.caseId === 'string')
          return redirectWithFlash(reply, cookies, `/cases/${encodeURIComponent(input.caseId)}/plan`, 'flash.directory_gap_recorded_from_case');
        return redirectWithFlash(reply, cookies, '/directory/gaps/new', 'flash.directory_gap_recorded');
      },
      redraw: (view, values, errors) => GapFormPage({ view, form: { values, errors }, caseId: typeof caseId === 'string' ? caseId : null }),
    });
  });

  /** The period of a report request: the query's, or the current year up to today. */
  const periodOf = (request: FastifyRequest) => {
    const values = formValues(request.query);
    const today = networkDay(ctx.clock.now().toISOString());
    if (values.from === undefined && values.to === undefined) return { from: `${today.slice(0, 4)}-01-01`, to: today };
    return pick(values, ['from', 'to']);
  };
  const reportFor = async (request: FastifyRequest, reply: FastifyReply): Promise<GapReport | FastifyReply> => {
    const actor = requirePageActor(request);
    const query = periodOf(request);
    try {
      return await gapReport({ query }, actor, ctx);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const view = viewFor(request, reply, cookies);
      return sendPage(
        reply,
        GapReportPage({ view, report: null, form: { values: query as Record<string, string>, errors: fieldErrors(request, error) } }),
        400,
      );
    }
  };
  const isReport = (value: GapReport | FastifyReply): value is GapReport => 'themeReason' in value;

  app.get('/directory/gaps/report', async (request, reply) => {
    const report = await reportFor(request, reply);
    if (!isReport(report)) return report;
    return sendPage(
      reply,
      GapReportPage({ view: viewFor(request, reply, cookies), report, form: { values: { from: report.from, to: report.to }, errors: {} } }),
    );
  });

  app.get('/directory/gaps/report.csv', async (request, reply) => {
    const report = await reportFor(request, reply);
    if (!isReport(report)) return report;
    return reply
      .headers({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="gap-report-${report.from}-${report.to}.csv"`,
        'cache-control': 'no-store',
      })
      .send(`\uFEFF${gapReportCsv(report, request.locale)}`);
  });

  app.get('/directory/gaps/report.pdf', async (request, reply) => {
    const report = await reportFor(request, reply);
    if (!isReport(report)) return report;
    return reply
      .headers({
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="gap-report-${report.from}-${report.to}.pdf"`,
        'cache-control': 'no-store',
      })
      .send(await gapReportPdf(report, request.locale));
  });

  app.get('/directory/settings', async (request, reply) => {
    const actor = requirePageActor(request);
    return sendPage(reply, DirectorySettingsPage({ view: viewFor(request, reply, cookies), settings: await readDirectorySettings(actor, ctx) }));
  });

  app.post('/directory/settings', async (request, reply) => {
    const actor = requirePageActor(request);
    const value = formValues(request.body).published;
    if (value !== 'true' && value !== 'false') throw new AppError('validation_failed', [{ path: 'published', messageKey: 'validation.invalid' }]);
    const settings = await publishMap({ input: { published: value === 'true' } }, actor, ctx);
    return redirectWithFlash(reply, cookies, '/directory/settings', settings.published ? 'flash.directory_published' : 'flash.directory_withdrawn');
  });
}
