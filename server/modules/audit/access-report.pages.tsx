import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { requireActor } from '../../http/api.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { isAppError } from '../../platform/errors.ts';
import { fieldErrors, formValues, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { RECENT_SIGN_IN } from '../../http/route-config.ts';
import { ACCESS_REPORT_PAGE_PATH, PERSON_LOOKUP_PAGE_PATH, STAFF_NAMES_PAGE_PATH } from './audit.paths.ts';
import { accessReportQuerySchema, personLookupInputSchema, reportCaseKeyOf, staffNamesInputSchema, type StaffNamesInput } from './audit.schemas.ts';
import { findPersonCases } from './find-person-cases.ts';
import { revealStaffNames } from './reveal-staff-names.ts';
import { viewAccessReport } from './view-access-report.ts';

import { AccessReportPage } from './access-report.views.tsx';

/**
 * The data protection officer's who-saw-what report of a case (GET form by reference), the
 * justified decision to show staff names (POST form; the answer is the report with names, drawn
 * directly, so the names never sit behind a plain link), and the lookup of a person's cases (POST
 * form, so the name stays out of URLs; the answer lists the cases with links to their reports).
 * All work without JavaScript.
 */
export function registerAccessReportPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get(ACCESS_REPORT_PAGE_PATH, async (request, reply) => {
    const actor = requireActor(request);
    authorize(actor, 'audit.accessReport');
    const query = (request.query ?? {}) as Record<string, unknown>;
    const values = formValues(query);
    if (!('reference' in query) && !('caseId' in query)) {
      return sendPage(reply, AccessReportPage({ view: viewFor(request, reply, cookies), values, errors: {}, report: null }));
    }
    try {
      const key = reportCaseKeyOf(parseInput(accessReportQuerySchema, values));
      const report = await viewAccessReport({ key, via: 'page' }, actor, ctx);
      const shown = { reference: report.case.reference };
      return sendPage(reply, AccessReportPage({ view: viewFor(request, reply, cookies), values: shown, errors: {}, report }));
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'validation_failed' && error.code !== 'not_found')) throw error;
      // Unknown here and another network's case read the same: "no such case in this network".
      const errors = error.code === 'not_found' ? { reference: request.t('audit.report.not_found') } : fieldErrors(request, error);
      return sendPage(reply, AccessReportPage({ view: viewFor(request, reply, cookies), values, errors, report: null }), error.status);
    }
  });

  app.post(STAFF_NAMES_PAGE_PATH, RECENT_SIGN_IN, async (request, reply) => {
    const actor = requireActor(request);
    authorize(actor, 'audit.revealStaff');
    const values = formValues(request.body);
    let input: StaffNamesInput;
    try {
      input = parseInput(staffNamesInputSchema, values);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const errors = fieldErrors(request, error);
      // Drawn again with the report (an audited view without names), the reason kept and its message next to it.
      const caseId = typeof values.caseId === 'string' && !errors.caseId ? values.caseId : null;
      const report = caseId ? await viewAccessReport({ key: { caseId }, via: 'page' }, actor, ctx) : null;
      const kept = { reference: report?.case.reference, reason: values.reason };
      return sendPage(reply, AccessReportPage({ view: viewFor(request, reply, cookies), values: kept, errors, report, posted: 'staff' }), 400);
    }
    const report = await revealStaffNames({ input, via: 'page' }, actor, ctx);
    const shown = { reference: report.case.reference };
    return sendPage(reply, AccessReportPage({ view: viewFor(request, reply, cookies), values: shown, errors: {}, report }));
  });

  app.post(PERSON_LOOKUP_PAGE_PATH, RECENT_SIGN_IN, async (request, reply) => {
    const actor = requireActor(request);
    authorize(actor, 'audit.accessReport');
    const values = formValues(request.body);
    const kept = { familyName: values.familyName, birthDate: values.birthDate };
    try {
      const input = parseInput(personLookupInputSchema, values);
      const personCases = await findPersonCases({ ...input, via: 'page' }, actor, ctx);
      return sendPage(reply, AccessReportPage({ view: viewFor(request, reply, cookies), values: kept, errors: {}, report: null, personCases }));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const errors = fieldErrors(request, error);
      return sendPage(reply, AccessReportPage({ view: viewFor(request, reply, cookies), values: kept, errors, report: null, posted: 'person' }), 400);
    }
  });
}
