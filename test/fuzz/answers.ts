/**
 * The kinds of answer the fuzzer gives one request of a run (test/fuzz/fuzz.ts): the good one, the odd
 * 2xx answers and lists that never end (test/reliability/odd.ts), redirects to another origin and to the
 * same one, 4xx/5xx in JSON and HTML, 429s with sane and absurd rate-limit headers, token answers a client
 * must not use, and answers echoing the credentials or the input back.
 */
import { ISSUED_TOKENS, type NockReply, type WireRequest } from '../reliability/fakeapi';
import { ENDLESS_LISTS, FOREIGN_ORIGIN, ODD_ANSWERS, REDIRECT_MARKER, REDIRECT_STATUSES } from '../reliability/odd';

export const JSON_TYPE = { 'content-type': 'application/json' };
const HTML_TYPE = { 'content-type': 'text/html; charset=utf-8' };
const HTML_PAGE = (status: number) => `<!DOCTYPE html><html><body><h1>${status} Bad Gateway</h1><hr>nginx</body></html>`;

/** The credentials a request carried, as an API that echoes them would quote them. */
function credentialsIn(request: WireRequest): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    const text = String(Array.isArray(value) ? value[0] : value ?? '');
    if (/^x-api-key$/i.test(name)) found.push(text);
    if (/^authorization$/i.test(name)) {
      const [scheme, token = ''] = text.split(' ');
      found.push(token);
      if (/^basic$/i.test(scheme)) found.push(...Buffer.from(token, 'base64').toString('utf8').split(':'));
    }
  }
  return found.filter(Boolean);
}

export interface AnswerKind {
  name: string;
  /** Odd: a 2xx that is not the data, or a redirect (counted as odd answers). */
  odd: boolean;
  reply: (request: WireRequest, normal: NockReply, origin: string) => NockReply | undefined;
  /** An answer the kit must refuse: the run succeeding on it is a crash. */
  mustRefuse?: boolean;
  /** Given to every request of the step, not to the one at the chosen position alone (a list that never ends). */
  every?: boolean;
}

const isTokenRequest = (request: WireRequest) => request.method === 'POST' && request.path.split('?')[0].endsWith('/oauth/token');

/** A token endpoint's answer (RFC 6749 §5.1) changed by `change`; undefined for any other request. */
const tokenAnswer =
  (change: Record<string, unknown>) =>
  (request: WireRequest): NockReply | undefined => {
    if (!isTokenRequest(request)) return undefined;
    const answer: Record<string, unknown> = { ...ISSUED_TOKENS, ...change };
    for (const [key, value] of Object.entries(answer)) if (value === undefined) delete answer[key];
    return [200, answer, JSON_TYPE];
  };

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

export const ANSWERS: AnswerKind[] = [
  { name: 'good', odd: false, reply: () => undefined },
  ...ODD_ANSWERS.map((odd) => ({ name: odd.name, odd: true, reply: (_request: WireRequest, normal: NockReply) => odd.reply(normal) })),
  // Lists that never end: every list answer of the step points at a next page.
  ...ENDLESS_LISTS.map((endless) => ({
    name: `every list answer pointing at ${endless.name}`,
    odd: true,
    every: true,
    reply: (request: WireRequest, normal: NockReply) => endless.reply(request, normal, {}),
  })),
  ...REDIRECT_STATUSES.map((status) => ({
    name: `${status} to another origin`,
    odd: true,
    reply: (request: WireRequest): NockReply => [status, '', { location: `${FOREIGN_ORIGIN}${request.path}` }],
  })),
  {
    name: '307 to the same origin',
    odd: true,
    reply: (request: WireRequest, _normal: NockReply, origin: string): NockReply | undefined =>
      request.path.includes(`${REDIRECT_MARKER}=`)
        ? undefined
        : [307, '', { location: `${origin}${request.path}${request.path.includes('?') ? '&' : '?'}${REDIRECT_MARKER}=1` }],
  },
  { name: '400 JSON', odd: false, reply: () => [400, errorBody('validation_error', 'The request is invalid.'), JSON_TYPE] },
  { name: '404 JSON', odd: false, reply: () => [404, errorBody('not_found', 'Not found.'), JSON_TYPE] },
  { name: '409 JSON', odd: false, reply: () => [409, errorBody('conflict', 'Already exists.'), JSON_TYPE] },
  { name: '422 JSON', odd: false, reply: () => [422, errorBody('validation_error', 'A field is invalid.'), JSON_TYPE] },
  { name: '403 JSON', odd: false, reply: () => [403, errorBody('forbidden', 'Missing scope.'), JSON_TYPE] },
  { name: '500 JSON', odd: false, reply: () => [500, errorBody('internal_error', 'Something broke.'), JSON_TYPE] },
  { name: '404 HTML', odd: false, reply: () => [404, HTML_PAGE(404), HTML_TYPE] },
  { name: '502 HTML', odd: false, reply: () => [502, HTML_PAGE(502), HTML_TYPE] },
  { name: '503 HTML', odd: false, reply: () => [503, HTML_PAGE(503), HTML_TYPE] },
  { name: '401', odd: false, reply: () => [401, errorBody('unauthorized', 'Invalid credentials.'), JSON_TYPE] },
  { name: '429 Retry-After: 17', odd: false, reply: () => [429, errorBody('rate_limited', 'Slow down.'), { ...JSON_TYPE, 'retry-after': '17' }] },
  { name: '429 without headers', odd: false, reply: () => [429, '', {}] },
  // Rate-limit headers saying something absurd: the delay must stay an hour at most, the wait must read.
  { name: '429 Retry-After of 400 digits', odd: false, reply: () => [429, '', { 'retry-after': '9'.repeat(400) }] },
  { name: '429 Retry-After in the year 9999', odd: false, reply: () => [429, '', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }] },
  { name: '429 Retry-After: -5', odd: false, reply: () => [429, '', { 'retry-after': '-5' }] },
  { name: '429 X-RateLimit-Interval-Milliseconds: 1e308', odd: false, reply: () => [429, '', { 'x-ratelimit-interval-milliseconds': '1e308', 'x-ratelimit-remaining': '0' }] },
  // Token answers a client must not use (RFC 6749 §5.1, RFC 6749 §7.1 and its appendix A): only the token endpoint gets them.
  { name: 'token of type "mac"', odd: true, mustRefuse: true, reply: tokenAnswer({ token_type: 'mac' }) },
  { name: 'token without token_type', odd: true, mustRefuse: true, reply: tokenAnswer({ token_type: undefined }) },
  { name: 'access token with a CR/LF', odd: true, mustRefuse: true, reply: tokenAnswer({ access_token: 'at_issued_fuzz\r\nX-Injected: 1' }) },
  { name: 'refresh token with "€"', odd: true, mustRefuse: true, reply: tokenAnswer({ refresh_token: 'rt_issued_fuzz_€' }) },
  {
    name: '400 echoing the credentials',
    odd: false,
    reply: (request) => [400, errorBody('invalid_request', `Invalid credentials: ${credentialsIn(request).join(' / ')}`), JSON_TYPE],
  },
  {
    name: '401 echoing the credentials',
    odd: false,
    reply: (request) => [401, errorBody('unauthorized', `Key ${credentialsIn(request).join(' ')} is not valid`), JSON_TYPE],
  },
  {
    name: '422 echoing the input',
    odd: false,
    reply: (request) => [422, errorBody('validation_error', `Invalid body: ${typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? '')}`.slice(0, 2000)), JSON_TYPE],
  },
  {
    name: '500 HTML echoing the credentials',
    odd: false,
    reply: (request) => [500, `<html><body>Error for ${credentialsIn(request).join(' ')}</body></html>`, HTML_TYPE],
  },
];
