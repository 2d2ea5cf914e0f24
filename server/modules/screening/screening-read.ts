import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { openSignal, signalAuditEvent, signalPurpose, type SignalAccess, type SignalRow } from '../signals/index.ts';

/*
 * The screening part of the signals door. A signal's screenings are visible to the network's
 * coordinator only (`screening.list`); to the reporter and to everyone else they do not exist: the
 * attempt is audited as a denied `screening.viewed` and answered with the same 404 as a missing
 * signal. A read of the screenings is recorded (`screening.viewed`, with its purpose) before the
 * rows can be fetched: `screeningsOf` takes the `ScreeningsRead` only this file makes.
 */

const KEY: unique symbol = Symbol('screenings read');

/** A decided and recorded read of one signal's screenings. */
export class ScreeningsRead {
  readonly #recorded = true;
  readonly access: SignalAccess;
  constructor(key: typeof KEY, access: SignalAccess) {
    if (key !== KEY) throw new Error('A ScreeningsRead is made by readScreenings only');
    this.access = access;
  }
  get row(): SignalRow {
    return this.access.row;
  }
  get recorded(): boolean {
    return this.#recorded;
  }
}

/** 404 (audited) unless the actor may see the signal's screenings. */
export async function requireScreeningsVisible(ctx: AppContext, actor: Actor, access: SignalAccess, attempted: string): Promise<void> {
  if (can(actor, 'screening.list', access.facts)) return;
  await appendAuditEvent(ctx, signalAuditEvent(actor, access, 'screening.viewed', { decision: 'deny', details: { attempted } }));
  throw new AppError('not_found');
}

/** Opens a signal's screenings for reading: the signals door, the screening rule, then one durable `screening.viewed`. */
export async function readScreenings(ctx: AppContext, actor: Actor, signalId: string, part: 'api' | 'screening'): Promise<ScreeningsRead> {
  const access = await openSignal(ctx, actor, signalId, 'screening.list');
  await requireScreeningsVisible(ctx, actor, access, 'screening.list');
  await appendAuditEvent(ctx, signalAuditEvent(actor, access, 'screening.viewed', { purpose: signalPurpose(access.relation), details: { part } }));
  return new ScreeningsRead(KEY, access);
}
