import nock from 'nock';

/** Production origin: unit tests run with SEREBRO_BASE_URL unset, as deployed code does. */
export const ORIGIN = 'https://api.serebro.ai';
export const TOKEN = 'sat_unit_access_token';

export const locationAuth = {
  access_token: TOKEN,
  refresh_token: 'srt_unit_refresh_token',
  user_type: 'Location',
  location_id: 'loc_downtown',
  company_id: 'co_northwind',
};

export const agencyAuth = { ...locationAuth, user_type: 'Company', location_id: '' };

/** The five rate-limit headers Serebro sends on every response (docs/apis.md §1.2). */
export function rateLimitHeaders(remaining = 99, dailyRemaining = 199_000): Record<string, string> {
  return {
    'X-RateLimit-Limit-Daily': '200000',
    'X-RateLimit-Daily-Remaining': String(dailyRemaining),
    'X-RateLimit-Interval-Milliseconds': '10000',
    'X-RateLimit-Max': '100',
    'X-RateLimit-Remaining': String(remaining),
  };
}

/** The v2 API, answering only requests that carry the bearer token. */
export function api(): nock.Scope {
  return nock(ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).defaultReplyHeaders(rateLimitHeaders());
}

export function resetEnv(): void {
  delete process.env.SEREBRO_BASE_URL;
  process.env.CLIENT_ID = 'client_unit.apps.serebro.ai';
  process.env.CLIENT_SECRET = 'sk_client_unit_secret';
}

/**
 * `z.cursor` goes through Zapier's RPC service: this stands in for it (with the deploy key the
 * CLI's test mode asks for) and keeps the cursor in memory.
 */
export function mockCursorStore(): { cursor: string } {
  const store = { cursor: '' };
  process.env.ZAPIER_DEPLOY_KEY = 'unit-test-deploy-key';
  nock('https://rpc.zapier.com')
    .persist()
    .post('/cli')
    .reply(200, (_uri, body) => {
      const call = (typeof body === 'string' ? JSON.parse(body) : body) as { id: string; method: string; params: string[] };
      if (call.method === 'set_cursor') store.cursor = call.params[0];
      return { id: call.id, result: call.method === 'get_cursor' ? store.cursor : null };
    });
  return store;
}

export { failure, type Failure } from '../../../kit/test/failure';

/**
 * Catches any request to the API: for inputs that must be refused before anything is sent.
 * Register it in the test itself (nock matches interceptors in the order they were added).
 */
export function tripwire(): { sent: () => boolean } {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const scope = nock(ORIGIN);
  for (const method of methods) scope.intercept(() => true, method).reply(500, { error: { code: 'tripwire', message: 'unexpected request' } });
  return { sent: () => scope.pendingMocks().length < methods.length };
}

/** A Location's custom fields as `GET /v2/custom-fields` lists them (docs/apis.md §1.3a); the samples' values use the first of each. */
export const contactCustomFields = [
  { id: 'cf_referral_source', name: 'Referral Source', fieldKey: 'contact.referral_source', model: 'contact', dataType: 'TEXT' },
  { id: 'cf_lead_score', name: 'Lead Score', fieldKey: 'contact.lead_score', model: 'contact', dataType: 'NUMERICAL' },
  { id: 'cf_birthday', name: 'Birthday', fieldKey: 'contact.birthday', model: 'contact', dataType: 'DATE' },
  {
    id: 'cf_contact_method',
    name: 'Preferred Contact Method',
    fieldKey: 'contact.preferred_contact_method',
    model: 'contact',
    dataType: 'SINGLE_OPTIONS',
    picklistOptions: ['Email', 'Phone', 'SMS'],
  },
  {
    id: 'cf_interests',
    name: 'Interests',
    fieldKey: 'contact.interests',
    model: 'contact',
    dataType: 'MULTIPLE_OPTIONS',
    picklistOptions: ['Massage Therapy', 'Physiotherapy', 'Yoga'],
  },
  { id: 'cf_newsletter', name: 'Newsletter', fieldKey: 'contact.newsletter', model: 'contact', dataType: 'CHECKBOX', picklistOptions: ['Weekly Tips', 'Monthly Offers'] },
  { id: 'cf_intake_notes', name: 'Intake Notes', fieldKey: 'contact.intake_notes', model: 'contact', dataType: 'LARGE_TEXT' },
  { id: 'cf_lifetime_value', name: 'Lifetime Value', fieldKey: 'contact.lifetime_value', model: 'contact', dataType: 'MONETARY' },
];
export const opportunityCustomFields = [
  {
    id: 'cf_deal_source',
    name: 'Deal Source',
    fieldKey: 'opportunity.deal_source',
    model: 'opportunity',
    dataType: 'SINGLE_OPTIONS',
    picklistOptions: ['Website', 'Referral', 'Walk-in'],
  },
  { id: 'cf_win_probability', name: 'Win Probability', fieldKey: 'opportunity.win_probability', model: 'opportunity', dataType: 'NUMERICAL' },
];

/** `GET /v2/custom-fields?model=…`, answered once (the connector reads it at most once per step). */
export function customFieldsApi(model: 'contact' | 'opportunity', query: Record<string, string> = {}): nock.Scope {
  return api()
    .get('/v2/custom-fields')
    .query({ model, limit: '100', ...query })
    .reply(200, { data: model === 'contact' ? contactCustomFields : opportunityCustomFields, meta: { nextCursor: null } });
}
