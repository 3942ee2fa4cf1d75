import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../core/errors';
import { isOwnOrigin } from '../core/loopback';
import type { ServiceContext } from '../core/service';
import { SCOPES, type Grant, type SerebroStore } from './store';

/** Codes live 10 minutes, as most providers' do. */
const CODE_TTL_MS = 10 * 60 * 1000;

/** How long a consent page may stay open before its Allow stops working. */
const CONSENT_TTL_MS = 30 * 60 * 1000;

/**
 * Redirect URIs the seeded client may use: any loopback URL (local tools and tests) and Zapier's
 * OAuth return page.
 */
export function redirectAllowed(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash) return false;
  if (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')) return true;
  return url.protocol === 'https:' && url.hostname === 'zapier.com' && url.pathname.startsWith('/dashboard/auth/oauth/return/');
}

interface AuthorizeParams {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  state?: string;
  scope?: string;
  /** `consent` shows the consent page even when the sandbox auto-approves (to choose the Agency, say). */
  prompt?: string;
  location?: string;
  decision?: string;
  csrf_token?: string;
}

/** The parameters of an authorize request that a consent token is bound to. */
const BOUND_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'state', 'scope'] as const;

/**
 * CSRF tokens for the consent form: an HMAC, under a key drawn when the sandbox starts, of the
 * authorize request the page was shown for and when it was shown. A page on another origin cannot
 * read the consent page, so it has no token to post; a token shown for one request (another
 * redirect URI or state) approves nothing else; a forged one does not verify.
 */
class ConsentTokens {
  private readonly key = randomBytes(32);

  issue(params: AuthorizeParams, now = Date.now()): string {
    return `${now}.${this.mac(String(now), params)}`;
  }

  verify(token: unknown, params: AuthorizeParams, now = Date.now()): boolean {
    const match = typeof token === 'string' ? /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
    if (!match) return false;
    const shownAt = Number(match[1]);
    if (shownAt > now || now - shownAt > CONSENT_TTL_MS) return false;
    return timingSafeEqual(Buffer.from(this.mac(match[1], params)), Buffer.from(match[2]));
  }

  private mac(shownAt: string, params: AuthorizeParams): string {
    const bound = JSON.stringify([shownAt, ...BOUND_PARAMS.map((key) => params[key] ?? '')]);
    return createHmac('sha256', this.key).update(bound).digest('base64url');
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const SCOPE_TEXT: Record<string, string> = {
  'contacts:read': 'View your contacts',
  'contacts:write': 'Create and update contacts',
  'opportunities:read': 'View pipelines and opportunities',
  'opportunities:write': 'Create and move opportunities',
  'appointments:read': 'View calendars, services, staff and appointments',
  'appointments:write': 'Book and cancel appointments',
  'workflows:read': 'View workflows and their runs',
  'workflows:write': 'Start workflows',
  'webhooks:read': 'View event subscriptions',
  'webhooks:write': 'Receive events as they happen',
};

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Serebro AI</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f6fb;color:#1c2333}
header{background:#1f3a8a;color:#fff;padding:14px 28px;font-weight:600;font-size:18px;letter-spacing:.3px}
main{max-width:520px;margin:40px auto;background:#fff;border-radius:12px;box-shadow:0 4px 24px rgba(20,30,60,.08);padding:28px 32px}
h1{font-size:20px;margin:0 0 8px} p{line-height:1.5;color:#4a5368} ul{padding-left:20px;line-height:1.8}
fieldset{border:1px solid #dfe3ee;border-radius:8px;margin:18px 0;padding:10px 16px} legend{font-weight:600;padding:0 6px}
label{display:block;padding:6px 0;cursor:pointer} .actions{display:flex;gap:12px;justify-content:flex-end;margin-top:20px}
button{font-size:15px;border-radius:8px;padding:10px 20px;cursor:pointer;border:1px solid #1f3a8a}
#allow{background:#1f3a8a;color:#fff} #deny{background:#fff;color:#1f3a8a} small{color:#7a8397}
</style></head>
<body><header>Serebro AI</header><main>${body}</main></body></html>`;
}

export function registerOAuth(scope: FastifyInstance, store: SerebroStore, context: ServiceContext): void {
  const consentTokens = new ConsentTokens();

  const errorPage = (reply: FastifyReply, status: number, message: string) =>
    reply.code(status).type('text/html').send(page('Authorization error', `<h1>Authorization error</h1><p>${escapeHtml(message)}</p>`));

  const redirectWith = (reply: FastifyReply, redirectUri: string, params: Record<string, string | undefined>) => {
    const url = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
    return reply.code(302).header('location', url.toString()).send();
  };

  /** Checks what can be checked before a redirect is safe; answers with a page or a redirect when not. */
  const checkRequest = (reply: FastifyReply, params: AuthorizeParams): { scopes: string[] } | undefined => {
    if (params.client_id !== store.client.clientId) {
      errorPage(reply, 400, 'The application asking for access is not registered with Serebro AI (unknown client_id).');
      return undefined;
    }
    if (!params.redirect_uri || !redirectAllowed(params.redirect_uri)) {
      errorPage(reply, 400, 'The redirect_uri is not registered for this application.');
      return undefined;
    }
    if (params.response_type !== 'code') {
      redirectWith(reply, params.redirect_uri, { error: 'unsupported_response_type', state: params.state });
      return undefined;
    }
    const scopes = (params.scope ?? '').split(' ').filter(Boolean);
    const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (scopes.length === 0 || unknown.length > 0) {
      redirectWith(reply, params.redirect_uri, {
        error: 'invalid_scope',
        error_description: unknown.length ? `Unknown scope ${unknown[0]}` : 'No scope was requested',
        state: params.state,
      });
      return undefined;
    }
    return { scopes };
  };

  const approve = (reply: FastifyReply, params: AuthorizeParams, scopes: string[], choice: string | undefined) => {
    let grant: Grant;
    const base = { clientId: store.client.clientId, userId: store.user.id, companyId: store.company.id, scopes };
    if (choice === store.company.id) {
      grant = { ...base, userType: 'Company', locationId: null };
    } else {
      const location = choice ? store.location(choice) : undefined;
      if (!location) return errorPage(reply, 400, 'Choose a Location or the Agency to connect.');
      grant = { ...base, userType: 'Location', locationId: location.id };
    }
    const code = store.issueToken('code');
    store.codes.set(code, {
      ...grant,
      code,
      redirectUri: params.redirect_uri as string,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
      issued: [],
    });
    return redirectWith(reply, params.redirect_uri as string, { code, state: params.state });
  };

  scope.get<{ Querystring: AuthorizeParams }>('/oauth/authorize', async (request, reply) => {
    const params = request.query;
    const checked = checkRequest(reply, params);
    if (!checked) return reply;
    if (context.options.autoApprove && params.prompt !== 'consent') {
      return approve(reply, params, checked.scopes, store.locations[0].id);
    }

    const hidden = [
      ...BOUND_PARAMS.map((key) => `<input type="hidden" name="${key}" value="${escapeHtml(params[key] ?? '')}">`),
      `<input type="hidden" name="csrf_token" value="${consentTokens.issue(params)}">`,
    ].join('');
    const scopeItems = checked.scopes.map((s) => `<li>${escapeHtml(SCOPE_TEXT[s] ?? s)} <small>(${s})</small></li>`).join('');
    const choices = [
      ...store.locations.map(
        (location, i) =>
          `<label><input type="radio" name="location" value="${location.id}"${i === 0 ? ' checked' : ''}> ${escapeHtml(location.name)} <small>Location</small></label>`,
      ),
      `<label><input type="radio" name="location" value="${store.company.id}"> ${escapeHtml(store.company.name)} <small>Agency: every Location</small></label>`,
    ].join('');
    const body = `<h1>${escapeHtml(store.client.name)} wants to access your Serebro AI account</h1>
<p>Signed in as <strong>${escapeHtml(store.user.name)}</strong> (${escapeHtml(store.user.email)}).</p>
<form method="post" action="${request.url.split('?')[0]}">${hidden}
<fieldset><legend>This will allow ${escapeHtml(store.client.name)} to:</legend><ul>${scopeItems}</ul></fieldset>
<fieldset><legend>Connect</legend>${choices}</fieldset>
<div class="actions"><button type="submit" id="deny" name="decision" value="deny">Deny</button>
<button type="submit" id="allow" name="decision" value="allow">Allow</button></div></form>`;
    return reply
      .type('text/html')
      // The page holds a token, and must not be framed by another site to trick a click on Allow.
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('content-security-policy', "frame-ancestors 'none'")
      .send(page('Authorize access', body));
  });

  /** Why a consent POST did not come from the consent page, or undefined when it did. */
  const forgedConsent = (request: FastifyRequest, params: AuthorizeParams): string | undefined => {
    const origin = request.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, context.origin())) {
      return `The consent form was posted from another site (Origin ${JSON.stringify(origin)}); approve on the Serebro AI consent page`;
    }
    if (!consentTokens.verify(params.csrf_token, params)) {
      return 'The consent form carries no valid csrf_token for this authorization request (a form from another page, or one open more than 30 minutes); start the authorization again';
    }
    return undefined;
  };

  scope.post<{ Body: AuthorizeParams }>('/oauth/authorize', async (request, reply) => {
    const params = request.body ?? {};
    const forged = forgedConsent(request, params);
    if (forged) return reply.code(403).header('cache-control', 'no-store').send(errorBody('forbidden', forged));
    const checked = checkRequest(reply, params);
    if (!checked) return reply;
    if (params.decision !== 'allow') {
      return redirectWith(reply, params.redirect_uri as string, {
        error: 'access_denied',
        error_description: 'The user denied access',
        state: params.state,
      });
    }
    return approve(reply, params, checked.scopes, params.location);
  });

  const oauthError = (reply: FastifyReply, status: number, error: string, description: string) =>
    reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });

  scope.post<{ Body: Record<string, string | undefined> }>('/oauth/token', async (request, reply) => {
    const body = request.body ?? {};
    if (body.client_id !== store.client.clientId || body.client_secret !== store.client.clientSecret) {
      return oauthError(reply, 401, 'invalid_client', 'Client authentication failed');
    }
    const issue = (grant: Grant) => {
      const access = store.issueToken('access');
      const refresh = store.issueToken('refresh');
      const ttl = context.options.accessTokenTtlSeconds;
      const keep: Grant = {
        clientId: grant.clientId,
        userId: grant.userId,
        userType: grant.userType,
        companyId: grant.companyId,
        locationId: grant.locationId,
        scopes: grant.scopes,
      };
      store.accessTokens.set(access, { ...keep, token: access, expiresAt: Date.now() + ttl * 1000 });
      store.refreshTokens.set(refresh, { ...keep, token: refresh });
      return {
        tokens: [access, refresh],
        body: {
          access_token: access,
          token_type: 'Bearer',
          expires_in: ttl,
          refresh_token: refresh,
          scope: grant.scopes.join(' '),
          user_type: grant.userType,
          location_id: grant.locationId,
          company_id: grant.companyId,
          user_id: grant.userId,
        },
      };
    };

    if (body.grant_type === 'authorization_code') {
      if (!body.code) return oauthError(reply, 400, 'invalid_request', 'code is required');
      const code = store.codes.get(body.code);
      if (!code || code.clientId !== body.client_id) {
        return oauthError(reply, 400, 'invalid_grant', 'The authorization code is invalid');
      }
      if (code.used) {
        for (const token of code.issued) {
          store.accessTokens.delete(token);
          store.refreshTokens.delete(token);
        }
        return oauthError(reply, 400, 'invalid_grant', 'The authorization code has already been used');
      }
      if (code.expiresAt < Date.now()) return oauthError(reply, 400, 'invalid_grant', 'The authorization code has expired');
      if (body.redirect_uri !== code.redirectUri) {
        return oauthError(reply, 400, 'invalid_grant', 'redirect_uri does not match the one used to authorize');
      }
      code.used = true;
      const issued = issue(code);
      code.issued.push(...issued.tokens);
      return reply.header('cache-control', 'no-store').send(issued.body);
    }

    if (body.grant_type === 'refresh_token') {
      if (!body.refresh_token) return oauthError(reply, 400, 'invalid_request', 'refresh_token is required');
      const refresh = store.refreshTokens.get(body.refresh_token);
      if (!refresh || refresh.clientId !== body.client_id) {
        return oauthError(reply, 400, 'invalid_grant', 'The refresh token is invalid or has already been used');
      }
      // Rotation: the presented refresh token stops working as soon as its successor exists.
      store.refreshTokens.delete(body.refresh_token);
      return reply.header('cache-control', 'no-store').send(issue(refresh).body);
    }

    return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  });
}
