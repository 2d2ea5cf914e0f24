/** Every reading of the current time goes through a Clock so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start` and only moves when told. */
export class FakeClock implements Clock {
  #current: number;
  constructor(start: Date | string = '2026-01-05T09:00:00Z') {
    this.#current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#current);
  }
  advance(milliseconds: number): void {
    this.#current += milliseconds;
  }
}

/** ISO 8601 UTC text, the one time format stored in both databases. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
