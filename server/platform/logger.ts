import { pino, type DestinationStream, type Logger } from 'pino';

interface RequestLike {
  id?: string;
  method?: string;
  url?: string;
}

/**
 * Structured logger. Personal data never belongs in a log line: requests are logged by method and
 * path only (query strings can carry one-time tokens or search terms), and bodies, cookies, tokens
 * and email addresses are redacted as a second line of defence.
 */
/** One-time link tokens travel in the path (/invitation/…, /password/reset/…): never log them. */
export function maskSecrets(path: string | undefined): string | undefined {
  return path?.replace(/[A-Za-z0-9_-]{32,}/g, '[secret]');
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'partnertafel' },
    serializers: {
      req: (request: RequestLike) => ({ id: request.id, method: request.method, path: maskSecrets(request.url?.split('?')[0]) }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
    redact: {
      paths: [
        'req.headers',
        'res.headers',
        'password',
        'email',
        'token',
        'body',
        '*.password',
        '*.email',
        '*.token',
        '*.cookie',
        '*.authorization',
        '*.body',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
