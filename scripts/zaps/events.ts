import type { DemoContext } from './harness';

/**
 * The things people do in each product that make a Zap run: a dispatcher books a job in Sergio,
 * the front desk registers a patient in Cerbo, a lead fills in a Serebro form. They go through
 * each service's own API in the sandbox (not through a connector), as the product's UI would.
 */

/**
 * What raising an event needs: the sandbox, the accounts' credentials (Cerbo's API user, a Serebro access
 * token) and the set of secrets the printer must never show. `npm start` and `npm run n8n` both raise them.
 */
export type EventContext = Pick<DemoContext, 'sandbox' | 'secrets' | 'authData'>;

async function json<T>(what: string, response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) {
    let reason = `HTTP ${response.status}`;
    try {
      const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
      if (body.error?.message) reason += `: ${body.error.message}`;
    } catch {
      // not the APIs' error body: the status says enough
    }
    throw new Error(`${what} failed (${reason})`);
  }
  return JSON.parse(text) as T;
}

/** A Sergio user in the sandbox's seeded data (email and password for the main API's JWT login). */
function sergioUser(context: EventContext): { email: string; password: string } {
  const login = context.sandbox.services.sergio.credentials.login as { email?: unknown; password?: unknown } | undefined;
  if (typeof login?.email !== 'string' || typeof login.password !== 'string') {
    throw new Error('the Sergio sandbox lists no login for its main API');
  }
  context.secrets.add(login.password);
  return { email: login.email, password: login.password };
}

export interface SergioJob {
  id: string;
  number: number | string;
  status: string;
  service_type: string;
  scheduled_date: string;
  scheduled_time: string;
  customer: { id: string; name: string; email?: string | null; phone?: string | null };
  address: { street: string; city: string; state: string; zip: string };
}

/** A dispatcher logs in to Sergio (JWT) and books a job for a new customer. */
export async function bookSergioJob(context: EventContext, customer: { name: string; email: string; phone: string }): Promise<SergioJob> {
  const base = context.sandbox.env.SERGIO_BASE_URL;
  const user = sergioUser(context);
  const login = await json<{ token: string; refresh_token?: string }>(
    'Logging in to Sergio',
    await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) }),
  );
  context.secrets.add(login.token);
  if (login.refresh_token) context.secrets.add(login.refresh_token);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${login.token}` };
  const address = { street: '742 Evergreen Terrace', city: 'Portland', state: 'OR', zip: '97214' };
  const created = await json<{ id: string }>(
    'Creating a Sergio customer',
    await fetch(`${base}/v1/customers`, { method: 'POST', headers, body: JSON.stringify({ ...customer, address }) }),
  );
  const scheduled = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return json<SergioJob>(
    'Booking a Sergio job',
    await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        customer_id: created.id,
        service_type: 'exterior_windows',
        scheduled_date: scheduled,
        scheduled_time: '09:30',
        address,
        notes: 'Two storeys, ladder access from the back yard.',
        price_cents: 22500,
      }),
    }),
  );
}

/** The practice's front desk registers a patient (Cerbo API, the connection's API user). */
export async function registerCerboPatient(context: EventContext, patient: Record<string, string>): Promise<{ id: string | number }> {
  const auth = context.authData('cerbo');
  const base = context.sandbox.env.CERBO_BASE_URL.replace('{subdomain}', String(auth.subdomain));
  const basic = Buffer.from(`${String(auth.username)}:${String(auth.password)}`).toString('base64');
  return json<{ id: string | number }>(
    'Registering a Cerbo patient',
    await fetch(`${base}/api/v1/patients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
      body: JSON.stringify(patient),
    }),
  );
}

/** Serebro AI itself (its web form, its calendar) adding records, through its v2 API. */
export async function serebroApi<T>(context: EventContext, what: string, method: string, path: string, body?: unknown): Promise<T> {
  const auth = context.authData('serebro');
  const response = await fetch(`${context.sandbox.env.SEREBRO_BASE_URL}/v2${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${String(auth.access_token)}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return json<T>(what, response);
}

// ---- the people of the Zaps' events, the same in npm start and npm run n8n ---------------------------

/** Zap 2's patient, registered at the front desk; `tag` keeps one run's records apart from another's. */
export const zap2Patient = (tag: string) => ({
  first_name: 'Morgan',
  last_name: `Avery${tag}`,
  dob: '1987-04-12',
  sex: 'F',
  email1: `morgan.avery+${tag}@example.com`,
  phone_mobile: '+1 312 555 0187',
});

/** Zap 3's lead, as the web form adds it to Serebro AI. */
export const zap3Lead = (tag: string) => ({
  firstName: 'Casey',
  lastName: `Nguyen ${tag}`,
  email: `casey.nguyen+${tag}@example.com`,
  phone: '+1 503 555 0199',
  source: 'Website form: free window-cleaning estimate',
  address1: '88 Alder St',
  city: 'Portland',
  state: 'OR',
  postalCode: '97204',
});
