import { pino, type Logger } from 'pino';

/**
 * Structured logger. Personal data never belongs in a log line: request bodies, cookies, tokens and
 * email addresses are redacted as a second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'partnertafel' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.email',
        '*.token',
        'body',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
