/**
 * The three credentials, created in n8n as a user creates them in its editor: saved through its REST API, Serebro
 * AI's connected through the OAuth 2.0 code flow that n8n's own server runs, then each tested by n8n.
 */
import type { Sandbox } from '../../sandbox';
import type { ConnectorName } from '../connectors';
import type { N8nSession } from './rest';

export interface CredentialSpec {
  connector: ConnectorName;
  /** The credential type the package declares. */
  type: string;
  name: string;
  /** What the user types into the credential's fields. */
  data: Record<string, string>;
}

export interface SavedCredential extends CredentialSpec {
  id: string;
}

/** The credential a workflow node names: `{ [type]: { id, name } }`. */
export const credentialRef = (credential: SavedCredential) => ({ [credential.type]: { id: credential.id, name: credential.name } });

/** The credentials for the sandbox's seeded accounts, with every Base URL pointing at the sandbox. */
export function sandboxCredentials(sandbox: Sandbox): Record<ConnectorName, CredentialSpec> {
  const serebro = sandbox.services.serebro.credentials;
  const sergio = sandbox.services.sergio.credentials;
  const cerbo = sandbox.services.cerbo.credentials;
  return {
    serebro: {
      connector: 'serebro',
      type: 'serebroOAuth2Api',
      name: 'Serebro AI (sandbox)',
      data: { clientId: String(serebro.clientId), clientSecret: String(serebro.clientSecret), baseUrl: sandbox.env.SEREBRO_BASE_URL },
    },
    sergio: { connector: 'sergio', type: 'sergioApi', name: 'Sergio (sandbox)', data: { apiKey: String(sergio.apiKey), baseUrl: sandbox.env.SERGIO_BASE_URL } },
    cerbo: {
      connector: 'cerbo',
      type: 'cerboApi',
      name: 'Cerbo (sandbox)',
      data: { subdomain: String(cerbo.subdomain), username: String(cerbo.username), password: String(cerbo.password), baseUrl: sandbox.env.CERBO_BASE_URL },
    },
  };
}

export async function saveCredential(session: N8nSession, spec: CredentialSpec): Promise<SavedCredential> {
  const saved = await session.call<{ id: string }>('POST', '/rest/credentials', { name: spec.name, type: spec.type, data: spec.data });
  if (!saved?.id) throw new Error(`n8n saved the ${spec.name} credential without an id`);
  return { ...spec, id: String(saved.id) };
}

/**
 * "Connect my account" in the credential's dialog: n8n's server builds the authorize URL (state bound to this
 * session), the user's browser goes to the sandbox's consent page (approved at once) and is sent back to n8n's
 * callback, where n8n exchanges the code for tokens and keeps them with the credential. Returns the path of the
 * callback n8n registered as its redirect URI.
 */
export async function connectOAuth2(session: N8nSession, credential: SavedCredential): Promise<string> {
  const authorizeUrl = await session.call<string>('GET', `/rest/oauth2-credential/auth?id=${encodeURIComponent(credential.id)}`);
  const consent = await fetch(authorizeUrl, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  await consent.arrayBuffer();
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`the consent page answered HTTP ${consent.status} without sending the browser back to n8n`);
  const callback = new URL(location);
  if (callback.origin !== new URL(session.url).origin) throw new Error(`the consent page sent the browser to ${callback.origin}, not to n8n`);
  if (callback.searchParams.get('error')) throw new Error(`the consent page refused: ${callback.searchParams.get('error')}`);
  if (!callback.searchParams.get('code')) throw new Error('the consent page sent the browser back without a code');
  const returned = await session.fetch(`${callback.pathname}${callback.search}`);
  const page = await returned.text();
  if (!returned.ok || /error/i.test(page.replace(/<script[\s\S]*?<\/script>/gi, ''))) {
    throw new Error(`n8n's OAuth callback answered HTTP ${returned.status}${/error/i.test(page) ? ' with an error page' : ''}`);
  }
  if (!(await isConnected(session, credential))) throw new Error('n8n holds no token for the credential after its OAuth callback');
  return callback.pathname;
}

/** Whether n8n shows the OAuth credential as connected: it keeps a token answer for it (n8n sends only that one is there). */
async function isConnected(session: N8nSession, credential: SavedCredential): Promise<boolean> {
  const saved = await session.call<{ data?: Record<string, unknown> }>('GET', `/rest/credentials/${encodeURIComponent(credential.id)}?includeData=true`);
  return Boolean(saved?.data?.oauthTokenData);
}

/** The credential's own test, run by n8n's server as its editor's Retry/Test does; returns n8n's message when it fails. */
export async function testCredential(session: N8nSession, credential: SavedCredential): Promise<void> {
  const result = await session.call<{ status: string; message?: string }>('POST', '/rest/credentials/test', {
    credentials: { id: credential.id, name: credential.name, type: credential.type, data: credential.data },
  });
  if (result?.status !== 'OK') throw new Error(`n8n's test of the ${credential.name} credential failed: ${result?.message ?? 'no message'}`);
}
