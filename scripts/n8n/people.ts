/**
 * The people whose work starts the workflows, acting in their own products rather than through n8n: the Serebro
 * AI user (its web app holds a token of its own, separate from n8n's credential), the Cerbo front desk and the
 * Sergio dispatcher. They raise events with the same calls as `npm start` (scripts/zaps/events.ts).
 */
import type { Sandbox } from '../../sandbox';
import type { ConnectorName } from '../connectors';
import { SkipStep } from '../zaps/harness';
import type { EventContext } from '../zaps/events';

/** A loopback address the sandbox accepts as a redirect; nothing is fetched there (the redirect is read, not followed). */
const WEB_APP_RETURN = 'http://127.0.0.1:9/serebro-web-app/return';

export class People implements EventContext {
  readonly secrets = new Set<string>();
  private serebroToken: string | undefined;

  constructor(readonly sandbox: Sandbox) {
    const cerbo = sandbox.services.cerbo.credentials;
    for (const value of [cerbo.password, sandbox.services.serebro.credentials.clientSecret, sandbox.services.sergio.credentials.apiKey]) {
      if (typeof value === 'string') this.secrets.add(value);
    }
  }

  /** What each product's own user holds: the Cerbo API user (the front desk's integration), a Serebro web-app token. */
  authData(name: ConnectorName): Record<string, unknown> {
    if (name === 'cerbo') {
      const { subdomain, username, password } = this.sandbox.services.cerbo.credentials;
      return { subdomain, username, password };
    }
    if (name === 'serebro' && this.serebroToken) return { access_token: this.serebroToken };
    throw new SkipStep(`no ${name} user is signed in`);
  }

  /**
   * Signs the Serebro AI user in to its web app: the code flow with the sandbox's consent approved at once. Run
   * again after the sandbox expires every access token (Zap 4).
   */
  async signInToSerebro(): Promise<void> {
    const base = this.sandbox.env.SEREBRO_BASE_URL;
    const { clientId, clientSecret, scopes } = this.sandbox.services.serebro.credentials as { clientId: string; clientSecret: string; scopes: string[] };
    const authorize = new URL(`${base}/oauth/authorize`);
    authorize.search = new URLSearchParams({ client_id: clientId, redirect_uri: WEB_APP_RETURN, response_type: 'code', scope: scopes.join(' '), state: 'web-app' }).toString();
    const consent = await fetch(authorize, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    await consent.arrayBuffer();
    const code = new URL(consent.headers.get('location') ?? WEB_APP_RETURN).searchParams.get('code');
    if (!code) throw new Error(`the Serebro AI sign-in page answered HTTP ${consent.status} without a code`);
    const token = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: WEB_APP_RETURN, client_id: clientId, client_secret: clientSecret }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await token.json()) as { access_token?: string; refresh_token?: string };
    if (!token.ok || !answer.access_token) throw new Error(`the Serebro AI sign-in failed at its token endpoint (HTTP ${token.status})`);
    this.secrets.add(answer.access_token);
    if (answer.refresh_token) this.secrets.add(answer.refresh_token);
    this.serebroToken = answer.access_token;
  }
}
