import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;

/**
 * The administrator's phone: an RFC 6238 authenticator fed with the key the enrolment page shows.
 * A code is accepted once (its time step must be newer than the last one used) and the server
 * accepts the next step too, so a second sign-in within the same 30 s uses the next step's code.
 */
export class Authenticator {
  private readonly totp: TOTP;
  private lastStep = -1;

  constructor(secretAsShown: string) {
    this.totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretAsShown.replace(/\s+/g, '')) });
  }

  /** A code the server has not seen yet; waits for the clock only when the next step is used too. */
  async nextCode(): Promise<string> {
    let step = Math.floor(Date.now() / 1000 / PERIOD_SECONDS);
    if (step <= this.lastStep) {
      if (this.lastStep > step) await sleep((this.lastStep * PERIOD_SECONDS - Date.now() / 1000) * 1000 + 1000);
      step = this.lastStep + 1;
    }
    this.lastStep = step;
    return this.totp.generate({ timestamp: step * PERIOD_SECONDS * 1000 });
  }
}
