import type { AppContext } from '../../context.ts';

/*
 * A feed's secret: `<tenant id>_<256 random bits, base64url>`. The network's id in front lets the
 * feed be found on the tenant-guarded connection without a privileged lookup; the secret part is
 * what protects it (the whole token's SHA-256 is stored, never the token).
 */
const FEED_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})\.ics$/;

/** The public URL of a feed. */
export const calendarFeedUrl = (ctx: Pick<AppContext, 'config'>, token: string): string => `${ctx.config.publicUrl}/calendar/${token}.ics`;

/** The token and its network from the file name of a feed URL (`<token>.ics`), or null when it cannot be one. */
export function parseFeedFile(file: string): { tenantId: string; token: string } | null {
  const match = FEED_FILE.exec(file);
  return match ? { tenantId: match[1]!, token: file.slice(0, -'.ics'.length) } : null;
}
