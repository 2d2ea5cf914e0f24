import path from 'node:path';
import { z } from 'zod';

/** The locales Partnertafel speaks. */
export const LOCALES = ['nl', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const environmentSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((value) => value === '' || /^postgres(ql)?:\/\//.test(value) || value.startsWith('sqlite:'), {
      message: 'must start with postgres:// (PostgreSQL) or sqlite: (a SQLite file), or be empty',
    })
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  MASTER_KEY_FILE: z.string().min(1).optional(),
  MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes in base64 (44 characters)' })
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must start with smtp:// or smtps://' })
    .optional(),
  PUBLIC_URL: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^(loopback|uniquelocal|[0-9a-fA-F.:/,\s]+)$/, {
      message: 'must be "loopback", "uniquelocal" or a comma-separated list of proxy addresses',
    })
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Partnertafel <no-reply@partnertafel.invalid>'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  JOBS_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  PRINCIPAL_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  readonly dataDir: string;
  readonly database: { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly port: number;
  readonly host: string;
  readonly masterKey: { readonly source: 'env'; readonly value: string } | { readonly source: 'file'; readonly file: string };
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Reverse proxies whose X-Forwarded-For is believed (for per-address throttling); none by default. */
  readonly trustProxy: string | undefined;
  readonly publicUrl: string;
  /** True when PUBLIC_URL was not given and the address follows the port. */
  readonly publicUrlFollowsPort: boolean;
  readonly production: boolean;
  readonly logLevel: string;
  /** How often the job runner looks for due jobs (JOBS_POLL_SECONDS, default 5). */
  readonly jobsPollSeconds: number;
  /**
   * How long a node keeps a Bearer token's owner (token row, user, roles) and a session's user
   * without reading them again (PRINCIPAL_CACHE_SECONDS, default 5; 0 = read on every request).
   * Changes made on this node evict at once; another node sees them within this window.
   */
  readonly principalCacheSeconds: number;
}

/** Thrown for a bad configuration value; the CLI prints the message and exits 1. */
export class ConfigError extends Error {}

/** Reads the configuration from environment variables (API.md "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  if (values.NODE_ENV === 'production' && !values.PUBLIC_URL?.startsWith('https://')) {
    throw new ConfigError('Invalid configuration:\n  PUBLIC_URL: in production it must be set to the https:// address users reach');
  }
  const dataDir = path.resolve(values.DATA_DIR);
  const databaseUrl = values.DATABASE_URL;
  const database =
    databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)
      ? ({ kind: 'postgres', url: databaseUrl } as const)
      : ({
          kind: 'sqlite',
          file: databaseUrl?.startsWith('sqlite:') ? path.resolve(databaseUrl.slice('sqlite:'.length)) : path.join(dataDir, 'partnertafel.sqlite'),
        } as const);
  const masterKey = values.MASTER_KEY
    ? ({ source: 'env', value: values.MASTER_KEY } as const)
    : ({ source: 'file', file: path.resolve(values.MASTER_KEY_FILE ?? path.join(dataDir, 'master.key')) } as const);
  return {
    dataDir,
    database,
    port: values.PORT,
    host: values.HOST,
    masterKey,
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM,
    trustProxy: values.TRUST_PROXY,
    publicUrl: (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/$/, ''),
    publicUrlFollowsPort: values.PUBLIC_URL === undefined,
    production: values.NODE_ENV === 'production',
    logLevel: values.LOG_LEVEL,
    jobsPollSeconds: values.JOBS_POLL_SECONDS,
    principalCacheSeconds: values.PRINCIPAL_CACHE_SECONDS,
  };
}
