import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A tiny browser for `inject` tests of the HTML pages: keeps cookies, reads the CSRF token from the
 * page's `<meta name="csrf-token">`, posts forms as a browser would (same-origin headers).
 */
export class PageClient {
  readonly cookies = new Map<string, string>();
  csrfToken = '';
  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()) || cookie.maxAge === 0;
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { ...this.headers, ...this.cookieHeader(), ...headers } }));
  }

  /** Posts a form with the current CSRF token unless `_csrf` is given (or set to null to omit it). */
  async post(url: string, fields: Record<string, string | string[] | null>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    const withToken = '_csrf' in fields ? fields : { _csrf: this.csrfToken, ...fields };
    for (const [name, value] of Object.entries(withToken)) {
      if (value === null) continue;
      for (const entry of Array.isArray(value) ? value : [value]) body.append(name, entry);
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost:80',
          'sec-fetch-site': 'same-origin',
          ...this.headers,
          ...this.cookieHeader(),
          ...headers,
        },
      }),
    );
  }

  /** Posts a multipart/form-data form (a file chooser) with the current CSRF token, as a browser would. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: Record<string, { filename: string; content: string | Buffer; type?: string }>,
  ): Promise<LightMyRequestResponse> {
    const boundary = `----pageclient${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: this.csrfToken, ...fields })) {
      parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    for (const [name, file] of Object.entries(files)) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="${file.filename}"\r\ncontent-type: ${file.type ?? 'application/json'}\r\n\r\n`,
        ),
        Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: Buffer.concat(parts),
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          origin: 'http://localhost:80',
          'sec-fetch-site': 'same-origin',
          ...this.headers,
          ...this.cookieHeader(),
        },
      }),
    );
  }
}

/** Text of the element with the given id (first match), tags stripped. */
export function textOf(html: string, id: string): string | null {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match ? match[1]!.replace(/<[^>]+>/g, '').trim() : null;
}

/** Value attribute of the input with the given name. */
export function inputValue(html: string, name: string): string | null {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  if (!tag) return null;
  return /value="([^"]*)"/.exec(tag)?.[1] ?? '';
}

/** Signs in through the pages: password, then the authenticator code. Asserts each step. */
export async function signInWithPages(client: PageClient, user: { email: string; password: string; code: () => string }, next = '/'): Promise<void> {
  await client.get('/login');
  const password = await client.post(`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`, {
    email: user.email,
    password: user.password,
  });
  if (password.statusCode !== 303 || !String(password.headers.location).startsWith('/login/mfa')) {
    throw new Error(`password step answered ${password.statusCode} ${String(password.headers.location)}`);
  }
  await client.get(String(password.headers.location));
  const code = await client.post(String(password.headers.location), { code: user.code() });
  if (code.statusCode !== 303) throw new Error(`code step answered ${code.statusCode}`);
}
