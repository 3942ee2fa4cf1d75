/**
 * n8n's REST API as its editor uses it: a session cookie from signing in, and the browser id n8n binds that
 * cookie to. Answers come wrapped in `{ data }`; failures carry n8n's own message.
 */
import { randomUUID } from 'node:crypto';

export class N8nApiError extends Error {
  override name = 'N8nApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class N8nSession {
  private cookies = new Map<string, string>();
  /** n8n ties a session to the `browser-id` header sent when signing in, and wants it on every later call. */
  private readonly browserId = randomUUID();

  constructor(readonly url: string) {}

  /** A call to the REST API, in the session; `data` of the answer. */
  async call<T>(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
    const response = await this.fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const message = (parsed as { message?: unknown } | undefined)?.message;
      throw new N8nApiError(`n8n answered ${method} ${path.split('?')[0]} with HTTP ${response.status}${typeof message === 'string' ? `: ${message}` : ''}`, response.status);
    }
    return (parsed as { data: T } | undefined)?.data as T;
  }

  /** A request to n8n in the session, as the browser makes it (redirects are the caller's to follow). */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('browser-id', this.browserId);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(new URL(path, this.url), { redirect: 'manual', signal: AbortSignal.timeout(30_000), ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals > 0) this.cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
    }
    return response;
  }

  /** Creates the owner account of a new n8n (its first screen), then signs in with it. */
  async setUpOwner(email: string, password: string): Promise<void> {
    await this.call('POST', '/rest/owner/setup', { email, firstName: 'Connectors', lastName: 'Owner', password });
    await this.signIn(email, password);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.call('POST', '/rest/login', { emailOrLdapLoginId: email, password });
    if (!this.cookies.has('n8n-auth')) throw new Error('n8n signed in without giving a session cookie');
  }
}
