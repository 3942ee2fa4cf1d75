import { randomBytes } from 'node:crypto';
import { SkipStep, type DemoContext, type StepPlan } from './harness';
import type { ConnectorName } from './runtime';

/**
 * Connecting an account as Zapier does: the connector's own authentication runs, its `test`
 * must pass, and the connection label is rendered from the test's result.
 */
export function connectSteps(context: DemoContext): StepPlan[] {
  return [
    { connector: 'serebro', operation: 'Connect · OAuth 2.0 authorization code', run: () => connectSerebro(context) },
    { connector: 'sergio', operation: 'Connect · API key', run: () => connectSergio(context) },
    { connector: 'cerbo', operation: 'Connect · HTTP Basic (API user)', run: () => connectCerbo(context) },
  ];
}

async function connectSerebro(context: DemoContext): Promise<string> {
  const runtime = context.runtime('serebro');
  const oauth = runtime.app.authentication?.oauth2Config;
  if (runtime.app.authentication?.type !== 'oauth2' || !oauth?.authorizeUrl) {
    throw new Error('the Serebro AI connector has no OAuth 2.0 authentication yet');
  }
  // Zapier's redirect page: the sandbox accepts any loopback redirect URI for its seeded client.
  const redirectUri = context.receiver.targetUrl('oauth-return');
  const state = randomBytes(16).toString('hex');

  let authorizeUrl = await runtime.invoke<string>('authentication.oauth2Config.authorizeUrl', {
    inputData: { state, redirect_uri: redirectUri, response_type: 'code' },
  });
  // Zapier appends the declared scope when the URL does not carry one.
  if (!new URL(authorizeUrl).searchParams.has('scope') && oauth.scope) {
    authorizeUrl += `&scope=${encodeURIComponent(oauth.scope)}`;
  }

  // The user's browser: the sandbox approves at once (autoApprove) and redirects back.
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  await consent.arrayBuffer();
  if (consent.status !== 302 || !location) {
    throw new Error(`the authorize page answered HTTP ${consent.status} without redirecting back to Zapier`);
  }
  const returned = new URL(location);
  if (returned.searchParams.get('error')) {
    throw new Error(`authorization refused: ${returned.searchParams.get('error')} (${returned.searchParams.get('error_description') ?? 'no description'})`);
  }
  if (returned.searchParams.get('state') !== state) {
    throw new Error('the redirect carried a different state than the one sent: refusing the code (CSRF check)');
  }
  const code = returned.searchParams.get('code');
  if (!code) throw new Error('the redirect carried no code');
  context.secrets.add(code);

  const authData = await runtime.invoke<Record<string, unknown>>('authentication.oauth2Config.getAccessToken', {
    inputData: { code, state, redirect_uri: redirectUri },
  });
  context.rememberSecrets(authData);
  if (typeof authData.access_token !== 'string' || typeof authData.refresh_token !== 'string') {
    throw new Error('getAccessToken returned no access_token/refresh_token');
  }
  const label = await testAndLabel(context, 'serebro', authData);
  const kind = authData.user_type === 'Company' ? 'Agency' : 'Location';
  return `Connected as "${label}" (${kind} token; authorize → consent → code with matching state → token exchange → /v2/me)`;
}

async function connectSergio(context: DemoContext): Promise<string> {
  const credentials = context.sandbox.services.sergio.credentials;
  // The live key; the sandbox also seeds a test key and a revoked one.
  const apiKey =
    typeof credentials.apiKey === 'string'
      ? credentials.apiKey
      : findString(credentials, (key, value) => /^sk_(live|test)_/.test(value) && /key/i.test(key) && !/revoked/i.test(key));
  if (!apiKey) throw new SkipStep('the Sergio sandbox issued no API key yet');
  context.secrets.add(apiKey);
  const label = await testAndLabel(context, 'sergio', { api_key: apiKey });
  return `Connected as "${label}" with the API key the sandbox issued (sent as X-API-Key)`;
}

async function connectCerbo(context: DemoContext): Promise<string> {
  const credentials = context.sandbox.services.cerbo.credentials;
  const user = findCerboUser(credentials);
  if (!user) throw new SkipStep('the Cerbo sandbox has no API user yet');
  context.secrets.add(user.password);
  const label = await testAndLabel(context, 'cerbo', user);
  return `Connected as "${label}" (practice subdomain, pk_ username and secret key)`;
}

/** Runs `authentication.test` and renders `connectionLabel` (a function or a `{{...}}` template). */
async function testAndLabel(context: DemoContext, name: ConnectorName, authData: Record<string, unknown>): Promise<string> {
  const runtime = context.runtime(name);
  const authentication = runtime.app.authentication;
  if (!authentication?.test) throw new Error(`the ${runtime.service} connector has no authentication test yet`);
  context.auth[name] = authData;
  try {
    const tested = await context.call<Record<string, unknown>>(name, 'authentication.test');
    const label = await renderLabel(context, name, tested);
    context.labels[name] = label;
    return label;
  } catch (error) {
    delete context.auth[name];
    throw error;
  }
}

async function renderLabel(context: DemoContext, name: ConnectorName, tested: Record<string, unknown>): Promise<string> {
  const template = context.runtime(name).app.authentication?.connectionLabel;
  if (typeof template === 'function') {
    return String(await context.call(name, 'authentication.connectionLabel', { inputData: tested }));
  }
  if (typeof template === 'string') {
    const authData = context.authData(name);
    return template.replace(/{{\s*([^}\s]+)\s*}}/g, (_match, path: string) => {
      const parts = path.replace(/__/g, '.').split('.');
      let root: unknown = tested;
      if (parts[0] === 'bundle' && parts[1] === 'authData') root = authData;
      if (parts[0] === 'bundle' && parts.length > 2) parts.splice(0, 2);
      else if (parts[0] === 'json') parts.splice(0, 1);
      const value = parts.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
      return value === undefined || value === null ? '' : String(value);
    });
  }
  return '(no connection label)';
}

function findString(node: unknown, match: (key: string, value: string) => boolean, key = ''): string | undefined {
  if (typeof node === 'string') return match(key, node) ? node : undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findString(item, match, key);
      if (found) return found;
    }
  } else if (node && typeof node === 'object') {
    for (const [childKey, child] of Object.entries(node)) {
      const found = findString(child, match, childKey);
      if (found) return found;
    }
  }
  return undefined;
}

type CerboUser = { subdomain: string; username: string; password: string };

/** The seeded API user with the widest permission profile (the sandbox also seeds restricted ones). */
function findCerboUser(credentials: Record<string, unknown>): CerboUser | undefined {
  const candidates: Array<CerboUser & { profile?: string }> = [];
  const visit = (node: unknown, subdomain?: string) => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, subdomain));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const sub = typeof record.subdomain === 'string' ? record.subdomain : subdomain;
    const username = record.username ?? record.publicKey;
    const password = record.password ?? record.secretKey;
    if (sub && typeof username === 'string' && username.startsWith('pk_') && typeof password === 'string') {
      const profile = record.profile ?? record.permissionProfile ?? record.permissions;
      candidates.push({ subdomain: sub, username, password, profile: typeof profile === 'string' ? profile : undefined });
    }
    for (const child of Object.values(record)) if (child && typeof child === 'object') visit(child, sub);
  };
  visit(credentials);
  const full = candidates.find((c) => !c.profile || /full|admin|all/i.test(c.profile));
  const chosen = full ?? candidates[0];
  return chosen ? { subdomain: chosen.subdomain, username: chosen.username, password: chosen.password } : undefined;
}
