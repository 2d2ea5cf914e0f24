/** The closed set of error codes of API.md, with their HTTP status. */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  reauthentication_required: 401,
  forbidden: 403,
  attestation_required: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  possible_duplicate: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One field problem: the field path and an i18n key (plus values) describing it. */
export interface FieldIssue {
  readonly path: string;
  readonly messageKey: string;
  readonly values?: Record<string, string | number>;
}

/**
 * The one application error. Its message is an i18n key (`errors.<code>`), translated where the
 * answer is made; internals never reach the client.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly FieldIssue[];
  /** For `forbidden`: the policy action that was refused, recorded in the audit trail. */
  readonly deniedAction: string | null;
  /** For `rate_limited`: seconds until a new attempt is accepted (Retry-After). */
  readonly retryAfterSeconds: number | null;
  /** Extra fields of the error body that the code documents (`possible_duplicate`: `matches`); never content values. */
  readonly details: Readonly<Record<string, unknown>> | null;
  constructor(
    code: ErrorCode,
    issues: readonly FieldIssue[] = [],
    extras: { deniedAction?: string; retryAfterSeconds?: number; details?: Record<string, unknown> } = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
    this.deniedAction = extras.deniedAction ?? null;
    this.retryAfterSeconds = extras.retryAfterSeconds ?? null;
    this.details = extras.details ?? null;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
