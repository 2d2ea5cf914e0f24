/** Helpers every module's pages share: the signed-in actor of a page, the form cycle, form values. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import type { CookiePolicy } from './cookies.ts';
import { AppError, isAppError } from '../platform/errors.ts';
import { CONTROL_RANGES } from '../platform/strings.ts';
import { fieldErrors, formValues, sendPage, viewFor } from './render.ts';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { FieldErrors, FormValues, View } from '../ui/view.ts';
import { isLocale, translator } from '../ui/i18n.ts';

export interface PageDeps {
  readonly ctx: AppContext;
  readonly cookies: CookiePolicy;
}

/** The signed-in actor of a page; a visitor is sent to the sign-in page (via the error handler). */
export function requirePageActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

/**
 * The post-redirect-get cycle of every form: run the use case; on a validation error draw the form
 * again with the messages next to the fields and the typed values kept (status 400); other errors go
 * to the error handler.
 */
export async function handleForm(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: PageDeps,
  options: {
    run: (values: FormValues) => Promise<FastifyReply>;
    redraw: (view: View, values: FormValues, errors: FieldErrors) => JSX.Element;
  },
): Promise<FastifyReply> {
  const values = formValues(request.body);
  try {
    return await options.run(values);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'validation_failed') throw error;
    const view = viewFor(request, reply, deps.cookies);
    return sendPage(reply, options.redraw(view, values, fieldErrors(request, error)), 400);
  }
}

/** Form values → plain input object, dropping keys that are absent. */
export function pick(values: FormValues, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => values[key] !== undefined).map((key) => [key, values[key]]));
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Control characters (C0, DEL, C1), whitespace and the backslash: never part of a path we send a browser to. */
const UNSAFE_IN_PATH = new RegExp(`[\\s\\\\${CONTROL_RANGES}]`, 'u');
const CHECK_ORIGIN = 'http://partnertafel.invalid';

/**
 * A safe place to go back to: a local path only, never another site. The candidate must hold no
 * backslash, whitespace or control character; its path and every percent-decoding of that path must
 * start with exactly one `/` (not `//`, not `/\\`) and hold none of them either; and it must resolve
 * against our origin to our origin. Browsers drop tabs and newlines and read `\\` as `/`, so
 * `/%09/evil.example` or `/\\evil.example` would leave the site.
 * Answers the normalised path (path, query, fragment) or the fallback.
 */
export function safeLocalPath(candidate: unknown, fallback = '/'): string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2048 || UNSAFE_IN_PATH.test(candidate)) return fallback;
  // The path decides where the browser goes; an encoded space in the query (a search) is harmless.
  let decoded = candidate.split(/[?#]/, 1)[0]!;
  for (let round = 0; ; round += 1) {
    if (!decoded.startsWith('/') || decoded.startsWith('//') || UNSAFE_IN_PATH.test(decoded)) return fallback;
    // Deeper than a few layers of encoding is no path a page of ours links to.
    if (round === 4) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  let url: URL;
  try {
    url = new URL(candidate, CHECK_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== CHECK_ORIGIN) return fallback;
  const local = `${url.pathname}${url.search}${url.hash}`;
  return local.startsWith('//') ? fallback : local;
}

/**
 * A visitor identified by a link (invitation, password reset) sees its pages in their account's
 * language, unless they chose one here (the language switch) — the pages after the link then agree
 * with the mail that brought them.
 */
export function adoptAccountLocale(request: FastifyRequest, cookies: CookiePolicy, accountLocale: string | null): void {
  if (request.actor || isLocale(request.cookies[cookies.visitorLocale]) || !isLocale(accountLocale)) return;
  request.locale = accountLocale;
  request.t = translator(accountLocale);
}
