import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { callApi, checkIssuedTokens, onPlatform, withoutContext } from '../../../kit';
import { oauthUrl, policy, RECONNECT, serebroRequest } from './client';
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

/** The token endpoint's answer (RFC 6749 plus Serebro's Location fields). */
const TokenAnswer = zm.looseObject({
  access_token: zm.string().check(zm.minLength(1)),
  refresh_token: zm.string().check(zm.minLength(1)),
  expires_in: zm.optional(zm.number()),
  user_type: zm.optional(zm.nullable(zm.enum(['Location', 'Company']))),
  location_id: zm.optional(zm.nullable(zm.string())),
  company_id: zm.optional(zm.nullable(zm.string())),
});

function clientCredentials(z: ZObject): { client_id: string; client_secret: string } {
  const clientId = process.env.CLIENT_ID;
  const clientSecret = process.env.CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new z.errors.Error('The Serebro AI app is missing its CLIENT_ID or CLIENT_SECRET environment variable.', 'configuration', 500);
  }
  return { client_id: clientId, client_secret: clientSecret };
}

/**
 * The token endpoint (form-encoded, RFC 6749), through the kit's request path like every request; the
 * client secret travels only in this body, and the connection's bearer token is not sent with it.
 */
async function requestToken(z: ZObject, bundle: Bundle, form: Record<string, string>) {
  const refreshing = form.grant_type === 'refresh_token';
  const token = await callApi(z, bundle, policy, {
    method: 'POST',
    url: oauthUrl(z, '/token'),
    form: { ...form, ...clientCredentials(z) },
    withoutCredentials: true,
    shape: TokenAnswer,
    explain: (status, error) => {
      if (status === 400 && error?.code === 'invalid_grant') {
        // A refresh token that was revoked or already rotated can never work again: only reconnecting helps.
        if (refreshing) throw withoutContext(new z.errors.ExpiredAuthError(`Serebro AI no longer accepts this connection (its refresh token was revoked or already used). ${onPlatform(z, RECONNECT)}`));
        return 'Serebro AI did not accept the authorization code (it expired or was already used). Start connecting your account again.';
      }
      if ((status === 400 || status === 401) && (error?.code === 'invalid_client' || error?.code === 'unauthorized_client')) {
        return (
          'Serebro AI did not accept this integration\'s OAuth client (invalid_client): its CLIENT_ID or CLIENT_SECRET is wrong ' +
          'or the client was removed. This is a configuration problem of the integration, not of your account: contact its support.'
        );
      }
      return undefined;
    },
  });
  checkIssuedTokens(z, policy, token, refreshing);
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
  requestToken(z, bundle, {
    grant_type: 'authorization_code',
    code: String(bundle.inputData.code ?? ''),
    redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
  });

const refreshAccessToken = (z: ZObject, bundle: Bundle) => {
  if (!bundle.authData.refresh_token) {
    throw new z.errors.ExpiredAuthError(`This Serebro AI connection has no refresh token. ${onPlatform(z, RECONNECT)}`);
  }
  return requestToken(z, bundle, { grant_type: 'refresh_token', refresh_token: bundle.authData.refresh_token });
};

/** `GET /v2/me`: who connected (the connection label reads it). */
const MeAnswer = zm.looseObject({ user: zm.looseObject({ id: zm.string() }) });

const test = (z: ZObject, bundle: Bundle) => serebroRequest(z, bundle, { path: '/me', shape: MeAnswer });

/**
 * "Northwind Downtown Clinic (alex@example.com)", or "… Agency" for an Agency connection, from what
 * `/me` answered the test (Zapier hands it over as `inputData`).
 */
export async function connectionLabel(_z: ZObject, bundle: Bundle<Partial<Me>>): Promise<string> {
  const me = bundle.inputData;
  const where = me.location?.name ?? (me.company?.name ? `${me.company.name} (Agency)` : 'Serebro AI');
  return me.user?.email ? `${where} – ${me.user.email}` : where;
}

export default {
  type: 'oauth2',
  oauth2Config: {
    // Built here rather than as a request template so that SEREBRO_BASE_URL is read per call,
    // and with %20 between scopes (some servers read `+` literally).
    authorizeUrl: async (z: ZObject, bundle: Bundle) => {
      const query = {
        response_type: 'code',
        client_id: process.env.CLIENT_ID ?? '',
        redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
        state: String(bundle.inputData.state ?? ''),
        scope: SCOPES,
      };
      const encoded = Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
      return `${oauthUrl(z, '/authorize')}?${encoded.join('&')}`;
    },
    getAccessToken,
    refreshAccessToken,
    // The kit's afterResponse turns a 401 into RefreshAuthError itself (core's own check would run first
    // and throw a blank one, before any of the connector's handling).
    autoRefresh: false,
    scope: SCOPES,
  },
  fields: [],
  test,
  connectionLabel,
} satisfies Authentication;
