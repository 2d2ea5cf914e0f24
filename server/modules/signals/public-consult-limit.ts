import type { AppContext } from '../../context.ts';
import { sha256 } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { windowVerdict, type RateWindow } from './public-consult-rules.ts';

/**
 * The public consult form's rate limit per client address, kept in the process's memory (one
 * limiter per application context). Addresses are kept only as a hash, and only for the window.
 * An attempt is counted BEFORE the work it guards, so attempts fired in parallel cannot slip past
 * the limit; a successful read gives its try back (`release`), as a successful sign-in clears its
 * count. Several application nodes each count on their own: the limit then multiplies by the nodes,
 * which still turns code guessing (80 bits) into a hopeless task.
 */
export interface ConsultLimiter {
  /** Counts one attempt of this kind from this address; refuses with `rate_limited` (429, Retry-After) when the window is full. */
  claim(kind: 'ask' | 'read', address: string, window: RateWindow): number;
  /** Gives back the attempt `claim` counted at `at` (a successful read). */
  release(kind: 'ask' | 'read', address: string, at: number): void;
}

const limiters = new WeakMap<AppContext, ConsultLimiter>();
const MAX_KEYS = 50_000;

export function consultLimiter(ctx: AppContext): ConsultLimiter {
  let limiter = limiters.get(ctx);
  if (!limiter) {
    limiter = createLimiter(ctx);
    limiters.set(ctx, limiter);
  }
  return limiter;
}

function createLimiter(ctx: AppContext): ConsultLimiter {
  const attempts = new Map<string, number[]>();
  const keyOf = (kind: string, address: string) => `${kind}:${sha256(address)}`;
  return {
    claim(kind, address, window) {
      const key = keyOf(kind, address);
      const now = ctx.clock.now().getTime();
      const verdict = windowVerdict(attempts.get(key) ?? [], now, window);
      if (!verdict.allowed) {
        attempts.set(key, verdict.kept);
        throw new AppError('rate_limited', [], { retryAfterSeconds: verdict.retryAfterSeconds });
      }
      // A flood of addresses must not grow the map without end: forget the oldest key first.
      if (!attempts.has(key) && attempts.size >= MAX_KEYS) attempts.delete(attempts.keys().next().value!);
      attempts.set(key, [...verdict.kept, now]);
      return now;
    },
    release(kind, address, at) {
      const key = keyOf(kind, address);
      const list = attempts.get(key);
      if (!list) return;
      const index = list.indexOf(at);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0) attempts.delete(key);
    },
  };
}
