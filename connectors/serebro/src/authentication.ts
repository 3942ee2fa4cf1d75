import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { parseApiError, withoutContext } from '../../../kit';
import { handleErrors, oauthUrl, send, serebroRequest } from './client';
import type { Me } from './schemas';

/** Everything the connector's operations use; `workflows:write` is what executing a workflow needs. */
export const SCOPES = [
  'contacts:read',
  'contacts:write',
  'opportunities:read',
  'opportunities:write',
  'appointments:read',
  'appointments:write',
  'workflows:read',
  'workflows:write',
  'webhooks:read',
  'webhooks:write',
].join(' ');

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in?: number;
  user_type?: 'Location' | 'Company';
  location_id?: string | null;
  company_id?: string | null;
}

function clientCredentials(z: ZObject): { client_id: string; client_secret: string } {
  const clientId = process.env.CLIENT_ID;
  const clientSecret = process.env.CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new z.errors.Error('The Serebro AI app is missing its CLIENT_ID or CLIENT_SECRET environment variable.', 'configuration', 500);
  }
  return { client_id: clientId, client_secret: clientSecret };
}

/** The token endpoint (form-encoded, RFC 6749); the client secret travels only in this body. */
async function requestToken(z: ZObject, form: Record<string, string>) {
  const response = await send(z, {
    method: 'POST',
    url: oauthUrl('/token'),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: { ...form, ...clientCredentials(z) },
    skipThrowForStatus: true,
  });
  if (response.status === 400 && parseApiError(response.content)?.code === 'invalid_grant') {
    // A refresh token that was revoked or already rotated can never work again: only reconnecting helps.
    if (form.grant_type === 'refresh_token') {
      throw withoutContext(
        new z.errors.ExpiredAuthError(
          'Serebro AI no longer accepts this connection (its refresh token was revoked or already used). Reconnect your Serebro AI account in Zapier.',
        ),
      );
    }
    throw new z.errors.Error(
      'Serebro AI did not accept the authorization code (it expired or was already used). Start connecting your account again.',
      'invalid_grant',
      400,
    );
  }
  if (response.status >= 400) {
    handleErrors({ ...response, skipThrowForStatus: false, request: { ...response.request, skipThrowForStatus: false } }, z, {} as Bundle);
  }
  const token = response.data as TokenResponse;
  if (!token?.access_token || !token.refresh_token) {
    throw new z.errors.Error('Serebro AI answered the token request without an access and a refresh token.', 'malformed_response', 502);
  }
  // authData keeps the Location/Agency the user chose, so operations know whether to ask for a Location.
  return {
    access_token: token.access_token,
    refresh_token: token.refresh_token,
    user_type: token.user_type ?? 'Location',
    location_id: token.location_id ?? '',
    company_id: token.company_id ?? '',
  };
}

const getAccessToken = (z: ZObject, bundle: Bundle) =>
  requestToken(z, {
    grant_type: 'authorization_code',
    code: String(bundle.inputData.code ?? ''),
    redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
  });

const refreshAccessToken = (z: ZObject, bundle: Bundle) => {
  if (!bundle.authData.refresh_token) {
    throw new z.errors.ExpiredAuthError('This Serebro AI connection has no refresh token. Reconnect your Serebro AI account in Zapier.');
  }
  return requestToken(z, { grant_type: 'refresh_token', refresh_token: bundle.authData.refresh_token });
};

const test = (z: ZObject, bundle: Bundle) => serebroRequest<Me>(z, bundle, { path: '/me' });

/** "Northwind Downtown Clinic (alex@example.com)", or "… Agency" for an Agency connection. */
export async function connectionLabel(_z: ZObject, bundle: Bundle): Promise<string> {
  const me = bundle.inputData as unknown as Partial<Me>;
  const where = me.location?.name ?? (me.company?.name ? `${me.company.name} (Agency)` : 'Serebro AI');
  return me.user?.email ? `${where} – ${me.user.email}` : where;
}

export default {
  type: 'oauth2',
  oauth2Config: {
    // Built here rather than as a request template so that SEREBRO_BASE_URL is read per call,
    // and with %20 between scopes (some servers read `+` literally).
    authorizeUrl: async (_z: ZObject, bundle: Bundle) => {
      const query = {
        response_type: 'code',
        client_id: process.env.CLIENT_ID ?? '',
        redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
        state: String(bundle.inputData.state ?? ''),
        scope: SCOPES,
      };
      const encoded = Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
      return `${oauthUrl('/authorize')}?${encoded.join('&')}`;
    },
    getAccessToken,
    refreshAccessToken,
    autoRefresh: true,
    scope: SCOPES,
  },
  fields: [],
  test,
  connectionLabel,
} satisfies Authentication;
