import { createServer } from 'node:http';
import { startSandbox, type Sandbox } from '../..';
import { serebroHandle, type SerebroHandle } from '..';

export const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
export const ALL_SCOPES =
  'contacts:read contacts:write opportunities:read opportunities:write appointments:read appointments:write workflows:read workflows:write webhooks:read webhooks:write';

export function authorizeUrl(sandbox: Sandbox, params: Record<string, string> = {}): string {
  const handle = serebroHandle(sandbox.services);
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: handle.credentials.clientId,
    redirect_uri: REDIRECT,
    state: 'st',
    scope: ALL_SCOPES,
    ...params,
  });
  return `${sandbox.url}/serebro/oauth/authorize?${query.toString().replace(/\+/g, '%20')}`;
}

export async function tokenRequest(sandbox: Sandbox, form: Record<string, string>) {
  const handle = serebroHandle(sandbox.services);
  const response = await fetch(`${sandbox.url}/serebro/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: handle.credentials.clientId, client_secret: handle.credentials.clientSecret, ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const unescapeHtml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] as string);

/** The consent page for an authorize URL, read as a browser renders its form: the hidden fields it will post. */
export async function consentForm(url: string): Promise<Record<string, string>> {
  const response = await fetch(url, { redirect: 'manual' });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`the authorize URL answered HTTP ${response.status}, not the consent page`);
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[name] = unescapeHtml(value);
  return fields;
}

/** Posts the consent form to the sandbox, with the Origin a browser on the consent page sends unless another is given. */
export function postConsent(sandbox: Sandbox, form: Record<string, string>, headers: Record<string, string> = { origin: sandbox.url }) {
  return fetch(`${sandbox.url}/serebro/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
}

/**
 * What a user does in the browser: opens the consent page for `url` (shown even by an auto-approving
 * sandbox, through `prompt=consent`), picks a Location or the Agency, and clicks Allow or Deny.
 * Answers the URL the sandbox redirects back to.
 */
export async function decideOnConsentPage(
  sandbox: Sandbox,
  url: string,
  choice: { location: string; decision?: 'allow' | 'deny' },
): Promise<URL> {
  const withPrompt = new URL(url);
  withPrompt.searchParams.set('prompt', 'consent');
  const form = await consentForm(withPrompt.toString());
  const consent = await postConsent(sandbox, { ...form, location: choice.location, decision: choice.decision ?? 'allow' });
  await consent.arrayBuffer();
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`the consent form answered HTTP ${consent.status} without redirecting back`);
  return new URL(location);
}

/** Approves on the consent page (as the browser would) and exchanges the code. */
export async function connect(
  sandbox: Sandbox,
  options: { location?: string; scope?: string } = {},
): Promise<{ access_token: string; refresh_token: string; user_type: string; location_id: string | null; company_id: string }> {
  const handle: SerebroHandle = serebroHandle(sandbox.services);
  const back = await decideOnConsentPage(sandbox, authorizeUrl(sandbox, { scope: options.scope ?? ALL_SCOPES }), {
    location: options.location ?? handle.store.locations[0].id,
  });
  const code = back.searchParams.get('code') as string;
  const { body } = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  return body as never;
}

export function v2(sandbox: Sandbox, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}/serebro/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the JSON answers field by field
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
}

/** A loopback webhook receiver that records each delivery's path and parsed body. */
export async function startReceiver() {
  const hits: Array<{ path: string; body: { type: string; locationId: string; data: Record<string, unknown> } }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      hits.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    /** The deliveries that reached `path`, in order. */
    at: (path: string) => hits.filter((hit) => hit.path === path).map((hit) => hit.body),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A sandbox for one suite with a connected Location whose `events` a loopback receiver is subscribed
 * to: started before the suite's tests, closed after them. Its fields are set once `beforeAll` ran.
 */
export function liveLocation(events: string[]) {
  const live = {} as {
    sandbox: Sandbox;
    handle: SerebroHandle;
    /** The first Location, the one connected. */
    location: string;
    call: ReturnType<typeof v2>;
    receiver: Awaited<ReturnType<typeof startReceiver>>;
    /** Every event about the record `id` delivered so far (once the queue is drained), in order. */
    deliveriesOf: (id: string) => Promise<Array<{ type: string; locationId: string; data: Record<string, unknown> }>>;
  };
  beforeAll(async () => {
    live.sandbox = await startSandbox({ webhookRetryBaseMs: 5 });
    live.handle = serebroHandle(live.sandbox.services);
    live.location = live.handle.store.locations[0].id;
    live.call = v2(live.sandbox, (await connect(live.sandbox)).access_token);
    live.receiver = await startReceiver();
    const subscribed = await live.call('POST', '/webhooks', { url: `${live.receiver.url}/events`, events });
    expect(subscribed.status).toBe(201);
  });
  afterAll(async () => {
    await live.receiver?.close();
    await live.sandbox?.close();
  });
  live.deliveriesOf = async (id) => {
    await live.sandbox.webhooks.drain();
    return live.receiver.at('/events').filter((event) => event.data.id === id);
  };
  return live;
}
