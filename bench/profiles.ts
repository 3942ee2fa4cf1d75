/**
 * What the bench calls in each connector. Inputs are resolved the way a Zap editor does: a dynamic
 * dropdown field takes the first item its dropdown trigger lists; a plain required field takes the
 * value given here. `coldTrigger` and the `repeat` operations are timed; every operation of the app
 * is counted (see requests.ts).
 */
import type { Sandbox } from '../sandbox';
import type { ConnectorName } from '../scripts/connectors';

/**
 * A value for an input field; a function gets the call number, for values that must be unique;
 * `dropdown` takes the first item of that dropdown (for an input a dropdown trigger itself needs).
 */
export type InputValue = string | number | ((call: number) => string) | { dropdown: string };

export interface Profile {
  /** authData for the connector, obtained from the sandbox the way a user connects. */
  connect(sandbox: Sandbox): Promise<Record<string, string>>;
  /** The polling call of the cold start (a `performList` of a REST hook, or a polling `perform`). */
  coldTrigger: string;
  /** A trigger and an action repeated for the per-call overhead and memory runs (no uniqueness rules). */
  repeat: { trigger: string; action: string };
  /** Values of plain required inputs, by field key (any operation) or `<kind>.<key>.<field>`. */
  inputs: Record<string, InputValue>;
  /** Operations whose single call needs more than one request: how many, and why (from the connector's code). */
  multiRequest: Record<string, { requests: number; why: string }>;
}

const tomorrow = () => new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);

/** Serebro's OAuth code flow against the twin (its consent page approves at once in the bench). */
async function serebroTokens(sandbox: Sandbox): Promise<Record<string, string>> {
  const { clientId, clientSecret, scopes } = sandbox.services.serebro.credentials as { clientId: string; clientSecret: string; scopes: string[] };
  const redirectUri = 'http://127.0.0.1:9/bench/callback';
  const authorize = new URL(`${sandbox.url}/serebro/oauth/authorize`);
  authorize.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, state: 'bench', scope: scopes.join(' ') }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? redirectUri).searchParams.get('code');
  if (!code) throw new Error(`Serebro's twin did not redirect with a code (HTTP ${consent.status}).`);
  const response = await fetch(`${sandbox.url}/serebro/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, client_secret: clientSecret }),
  });
  const token = (await response.json()) as Record<string, string | null>;
  if (!response.ok || !token.access_token) throw new Error(`Serebro's twin refused the token request (HTTP ${response.status}).`);
  return {
    access_token: String(token.access_token),
    refresh_token: String(token.refresh_token),
    user_type: String(token.user_type ?? 'Location'),
    location_id: String(token.location_id ?? ''),
    company_id: String(token.company_id ?? ''),
  };
}

export const PROFILES: Record<ConnectorName, Profile> = {
  serebro: {
    connect: serebroTokens,
    // New Appointment Booked: one request, like the bare app's. New Contact's sample reads the Location's
    // custom-field definitions too when a contact carries values (two requests), which the comparison is not about.
    coldTrigger: 'triggers.appointment_booked.operation.performList',
    repeat: { trigger: 'triggers.appointment_booked.operation.performList', action: 'creates.create_opportunity.operation.perform' },
    inputs: {
      name: 'Bench opportunity',
      startTime: () => `${tomorrow()}T15:00:00Z`,
      endTime: () => `${tomorrow()}T15:30:00Z`,
      'creates.create_contact.email': (call) => `bench-${call}-${Date.now()}@example.com`,
      'creates.create_contact.firstName': 'Bench',
      'creates.update_contact.firstName': 'Benched',
      'creates.update_opportunity.monetaryValue': 1200,
      'searches.find_contact.name': 'a',
      // The Stage dropdown lists the stages of the pipeline chosen above it.
      'triggers.stages.pipelineId': { dropdown: 'pipelines.id.name' },
      'creates.api_request.path': '/contacts',
      tags: 'bench',
      'creates.upsert_contact.email': (call) => `bench-upsert-${call}-${Date.now()}@example.com`,
      'searches.find_opportunity.status': 'open',
    },
    multiRequest: Object.fromEntries(
      ['triggers.contact_created.operation.performList', 'triggers.contact_updated.operation.performList', 'searches.find_contact.operation.perform'].map(
        (method) => [
          method,
          {
            requests: 2,
            why: "the contacts carry custom-field values: the Location's field definitions are read once (then cached a minute per connection) to return them under readable keys",
          },
        ],
      ),
    ),
  },
  sergio: {
    connect: async (sandbox) => ({ api_key: String((sandbox.services.sergio.credentials as { apiKey: string }).apiKey) }),
    coldTrigger: 'triggers.new_job.operation.performList',
    repeat: { trigger: 'triggers.new_job.operation.performList', action: 'creates.create_job.operation.perform' },
    inputs: {
      scheduled_date: () => tomorrow(),
      scheduled_time: '10:00',
      street: '12 Analytical Way',
      city: 'Portland',
      state: 'OR',
      zip: '97201',
      name: 'Bench Customer',
      'creates.create_customer.email': (call) => `bench-${call}-${Date.now()}@example.com`,
      'searches.find_customer.name': 'a',
      'creates.api_request.path': '/options/service-types',
    },
    multiRequest: {},
  },
  cerbo: {
    connect: async (sandbox) => {
      const credentials = sandbox.services.cerbo.credentials as Record<string, string>;
      return { subdomain: credentials.subdomain, username: credentials.username, password: credentials.password };
    },
    coldTrigger: 'triggers.new_patient.operation.perform',
    // Update Patient: Create Patient run again with the same input returns the patient it made (one
    // read, no write), which is not the call to time.
    repeat: { trigger: 'triggers.new_patient.operation.perform', action: 'creates.update_patient.operation.perform' },
    inputs: {
      first_name: 'Bench',
      last_name: 'Patient',
      'creates.create_patient.last_name': (call) => `Patient${call}x${Date.now()}`,
      dob: '1980-01-02',
      sex: 'F',
      start_date_time: () => `${tomorrow()}T15:00:00Z`,
      end_date_time: () => `${tomorrow()}T15:30:00Z`,
      'creates.update_patient.first_name': 'Benched',
      'searches.find_patient.first_name': 'Bench',
      'creates.api_request.path': '/appointment_types',
    },
    multiRequest: {
      'creates.create_patient.operation.perform': {
        requests: 2,
        why: 'Cerbo answers an identical create with a second chart: the newest patients are read first for the one an earlier run of the step made',
      },
      'creates.create_appointment.operation.perform': {
        requests: 2,
        why: "Cerbo books an identical appointment twice: the day's appointments are read first for the one an earlier run of the step made",
      },
    },
  },
};
