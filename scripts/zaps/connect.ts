import { randomBytes } from 'node:crypto';
import type { DemoContext, StepPlan } from './harness';
import type { ConnectorName } from '../connectors';

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
  const apiKey = credentials.apiKey;
  if (typeof apiKey !== 'string') throw new Error('the Sergio sandbox lists no API key');
  context.secrets.add(apiKey);
  const label = await testAndLabel(context, 'sergio', { api_key: apiKey });
  return `Connected as "${label}" with the API key the sandbox issued (sent as X-API-Key)`;
}

async function connectCerbo(context: DemoContext): Promise<string> {
  const credentials = context.sandbox.services.cerbo.credentials;
  const user = findCerboUser(credentials);
  if (!user) throw new Error('the Cerbo sandbox lists no API user');
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

/** The practice's API user with the full permission profile (the sandbox also seeds restricted ones). */
function findCerboUser(credentials: Record<string, unknown>): { subdomain: string; username: string; password: string } | undefined {
  const { subdomain, username, password } = credentials;
  return typeof subdomain === 'string' && typeof username === 'string' && typeof password === 'string'
    ? { subdomain, username, password }
    : undefined;
}
