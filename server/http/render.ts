import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { can } from '../access/authorize.ts';
import { SESSION_IDLE_MS, SESSION_TOUCH_INTERVAL_MS } from '../access/session-rules.ts';
import type { FieldErrors, View } from '../ui/view.ts';
import type { CookiePolicy } from './cookies.ts';
import { csrfTokenFor } from './csrf.ts';
import type { AppError } from '../platform/errors.ts';

/** Builds the shell's view for this request (and consumes the flash message). */
export function viewFor(request: FastifyRequest, reply: FastifyReply, cookies: CookiePolicy): View {
  const flashKey = request.cookies[cookies.flash];
  if (flashKey) reply.clearCookie(cookies.flash, { path: '/' });
  const path = request.url.length <= 500 ? request.url : '/';
  return {
    t: request.t,
    locale: request.locale,
    csrfToken: csrfTokenFor(request, reply, cookies),
    path,
    tenantName: request.tenant?.name ?? null,
    user: request.actor
      ? {
          name: request.displayName ?? '',
          // Navigation asks the policy, never a copy of its role lists.
          isAdmin: can(request.actor, 'users.list'),
          isDpo: can(request.actor, 'audit.list'),
          isCoordinator: can(request.actor, 'tables.list'),
          worksOnCases: can(request.actor, 'cases.list'),
          viewsInstruments: can(request.actor, 'screening.viewInstruments'),
          usesConsultPoint: can(request.actor, 'signals.list'),
          seesInquiries: can(request.actor, 'inquiries.list'),
          keepsClientRegister: can(request.actor, 'clientRegister.replace'),
          hasOwnAgreements: can(request.actor, 'plans.listOwn'),
          readsDirectory: can(request.actor, 'directory.read'),
          readsGapReport: can(request.actor, 'directory.readGapReport'),
        }
      : null,
    flash: flashKey && /^flash\.[a-z_]+$/.test(flashKey) && hasMessage(request, flashKey) ? request.t(flashKey) : null,
    idleSeconds: request.actor?.authentication.kind === 'session' ? Math.floor((SESSION_IDLE_MS - SESSION_TOUCH_INTERVAL_MS) / 1000) : null,
  };
}

function hasMessage(request: FastifyRequest, key: string): boolean {
  try {
    request.t(key);
    return true;
  } catch {
    return false;
  }
}

/** Sends a server-rendered page. */
export async function sendPage(reply: FastifyReply, element: JSX.Element, status = 200): Promise<FastifyReply> {
  const html = await element.toString();
  return reply.status(status).type('text/html; charset=utf-8').send(`<!doctype html>${html}`);
}

/**
 * Redirect after a successful form post, with a flash message key shown on the next page. A location
 * with a fragment (`/cases/1/information#items`) lands the browser at that section; an htmx request
 * (pass `request`) cannot see the fragment of a redirect it followed, so it is told the location with
 * `HX-Location` instead (htmx then loads the page and scrolls to the fragment itself).
 */
export function redirectWithFlash(
  reply: FastifyReply,
  cookies: CookiePolicy,
  location: string,
  flashKey: string,
  request?: FastifyRequest,
): FastifyReply {
  reply.setCookie(cookies.flash, flashKey, { ...cookies.options, maxAge: 60 });
  if (request?.headers['hx-request'] === 'true' && location.includes('#')) {
    return reply
      .status(200)
      .header('HX-Location', JSON.stringify({ path: location, target: 'body' }))
      .send('');
  }
  return reply.redirect(location, 303);
}

/** Translates the field issues of a validation error for display next to the fields. */
export function fieldErrors(request: FastifyRequest, error: AppError): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path === '' ? 'form' : issue.path.split('.')[0]!;
    errors[key] ??= request.t(issue.messageKey, issue.values);
  }
  return errors;
}

/** Form bodies: strip the CSRF field, turn empty strings into "absent". */
export function formValues(body: unknown): Record<string, string | string[] | undefined> {
  const values: Record<string, string | string[] | undefined> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') values[key] = value === '' ? undefined : value;
    else if (Array.isArray(value)) values[key] = value.filter((entry): entry is string => typeof entry === 'string' && entry !== '');
  }
  return values;
}
