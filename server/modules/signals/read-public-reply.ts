import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { parseInput } from '../../http/validation.ts';
import { AppError } from '../../platform/errors.ts';
import { dummyPasswordHash, verifyPassword } from '../../platform/passwords.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { openThread, presentThread, type ThreadEntry } from './list-signal-messages.ts';
import { consultLimiter } from './public-consult-limit.ts';
import { openPublicConsultForm, visitorSubject, type PublicVisit } from './public-consult-form.ts';
import { normaliseReplyCode, READ_WINDOW, REPLY_ACCESS_SECONDS, replyAccessKey, replyAccessToken, replyCodeHash } from './public-consult-rules.ts';
import { publicReplySchema } from './public-consult.schemas.ts';
import { publicSignalByCode } from './public-consult.queries.ts';
import type { SignalRow } from './signals.queries.ts';

const KEY: unique symbol = Symbol('public reply');

/** A public question opened with its code and passphrase, and recorded (`signal.public_reply_read`). */
export class PublicReplyRead {
  readonly #recorded = true;
  readonly row: SignalRow;
  constructor(key: typeof KEY, row: SignalRow) {
    if (key !== KEY) throw new Error('A PublicReplyRead is made by readPublicReply only');
    this.row = row;
  }
  get recorded(): boolean {
    return this.#recorded;
  }
}

export interface PublicReply {
  readonly reference: string;
  readonly status: string;
  readonly question: string;
  readonly messages: ThreadEntry[];
  /** Lets the thread page's form answer back for a while without the passphrase (public-consult-rules.ts). */
  readonly access: string;
}

/**
 * The visitor reads the answer to their question with the reply code and the passphrase. Every try
 * counts against the client address (a wrong code and a wrong passphrase are refused alike, after
 * the same argon2 work, so neither can be told apart); a successful read gives its try back. The
 * read is recorded by nobody in particular. The thread shows "you" and "consult point" only.
 */
export async function readPublicReply(options: { visit: PublicVisit; input: unknown }, ctx: AppContext): Promise<PublicReply> {
  const tenant = await openPublicConsultForm(ctx, options.visit.tenantSlug);
  const limiter = consultLimiter(ctx);
  const attempt = limiter.claim('read', options.visit.address, READ_WINDOW);
  const { code, passphrase } = parseInput(publicReplySchema, options.input);
  const normalised = normaliseReplyCode(code);
  const row = normalised ? await publicSignalByCode(ctx.db, tenant.id, replyCodeHash(normalised)) : null;
  const matches = await verifyPassword(row?.public_passphrase_hash ?? (await dummyPasswordHash()), passphrase);
  if (!row || !matches) throw new AppError('validation_failed', [{ path: '', messageKey: 'validation.consult.reply_not_found' }]);
  limiter.release('read', options.visit.address, attempt);
  await appendAuditEvent(ctx, {
    subject: visitorSubject(tenant.id),
    action: 'signal.public_reply_read',
    resource: { type: 'signal', id: row.id },
    purpose: 'own_report',
    requestId: null,
  });
  const read = new PublicReplyRead(KEY, row);
  const messages = presentThread(await openThread(ctx, read), 'reporter', new Map());
  const question = await fieldOpener(ctx, tenant.id).open('signals', row.id, 'description', row.description_sealed);
  const expiresAt = ctx.clock.now().getTime() + REPLY_ACCESS_SECONDS * 1000;
  return {
    reference: row.reference,
    status: row.status,
    question,
    messages,
    access: replyAccessToken(replyAccessKey(ctx.masterKey), row.id, expiresAt),
  };
}
