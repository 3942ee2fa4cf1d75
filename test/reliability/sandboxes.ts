/**
 * Connecting each connector to the sandbox twin the way Zapier would, with the credentials the twin
 * seeds, and what a plain read and a plain write look like for each (valid input the twin accepts).
 * Every credential obtained is registered with the leak scan.
 */
import type { Sandbox } from '../../sandbox';
import { serebroHandle } from '../../sandbox/serebro';
import type { App, ServiceName } from './connectors';
import { registerPatientValue, registerSecret } from './leaks';
import type { Tester } from './tester';

export const SERVICE_LABEL: Record<ServiceName, string> = { serebro: 'Serebro AI', sergio: 'Sergio', cerbo: 'Cerbo' };

let unique = 0;
/** Distinct, distinctive values (so a patient value found in a log is that value, not a coincidence). */
export function uniqueTag(): string {
  unique += 1;
  return `${Date.now().toString(36)}${unique}q`;
}

export interface Step {
  method: string;
  inputData: () => Record<string, unknown>;
}

export interface ServiceUnderTest {
  authData: Record<string, string>;
  read: Step;
  write: Step;
  /** Resets the twin's rate-limit windows between scenarios. */
  resetLimits: () => Promise<void>;
}

async function post(url: string, body?: unknown, method = 'POST'): Promise<void> {
  await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
}

/** Serebro's OAuth code flow as Zapier runs it: authorize URL → consent (auto-approved) → code → tokens. */
export async function serebroTokens(sandbox: Sandbox, tester: Tester): Promise<Record<string, string>> {
  const redirectUri = 'http://127.0.0.1:9/oauth/return';
  const authorizeUrl = (await tester('authentication.oauth2Config.authorizeUrl', {
    inputData: { state: 'reliability', redirect_uri: redirectUri },
  })) as string;
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`Serebro's consent did not return a code (${consent.status})`);
  const tokens = (await tester('authentication.oauth2Config.getAccessToken', { inputData: { code, redirect_uri: redirectUri } })) as Record<string, string>;
  registerSecret(tokens.access_token, 'access token');
  registerSecret(tokens.refresh_token, 'refresh token');
  return tokens;
}

export async function connect(service: ServiceName, sandbox: Sandbox, app: App, tester: Tester): Promise<ServiceUnderTest> {
  Object.assign(process.env, sandbox.services[service].env(sandbox.url));
  if (service === 'serebro') {
    const handle = serebroHandle(sandbox.services);
    registerSecret(handle.credentials.clientSecret, 'OAuth client secret');
    const authData = await serebroTokens(sandbox, tester);
    return {
      authData,
      read: { method: 'searches.find_contact.operation.perform', inputData: () => ({ email: 'nobody-reliability@example.com' }) },
      write: {
        method: 'creates.create_contact.operation.perform',
        inputData: () => {
          const tag = uniqueTag();
          return { firstName: 'Reliability', lastName: `Run${tag}`, email: `reliability.${tag}@example.com` };
        },
      },
      resetLimits: () => post(`${sandbox.url}/serebro/_admin/reset-rate-limits`),
    };
  }
  if (service === 'sergio') {
    const credentials = sandbox.services.sergio.credentials as { apiKey: string; testApiKey: string; revokedApiKey: string };
    for (const [label, key] of Object.entries(credentials)) registerSecret(key, `API key (${label})`);
    return {
      authData: { api_key: credentials.apiKey },
      read: { method: 'searches.find_customer.operation.perform', inputData: () => ({ email: 'nobody-reliability@example.com' }) },
      write: {
        method: 'creates.create_customer.operation.perform',
        inputData: () => {
          const tag = uniqueTag();
          return { name: `Reliability Run${tag}`, email: `reliability.${tag}@example.com` };
        },
      },
      resetLimits: () => post(`${sandbox.url}/sergio/_admin/reset-rate-limits`),
    };
  }
  const credentials = sandbox.services.cerbo.credentials as { subdomain: string; username: string; password: string };
  registerSecret(credentials.password, 'Basic secret key');
  registerSecret(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'), 'Basic Authorization header');
  void app;
  return {
    authData: { subdomain: credentials.subdomain, username: credentials.username, password: credentials.password },
    read: { method: 'searches.find_patient.operation.perform', inputData: () => ({ last_name: 'Nobodyreliability' }) },
    write: {
      method: 'creates.create_patient.operation.perform',
      inputData: () => {
        const tag = uniqueTag();
        const patient = {
          first_name: `Zorbalind${tag}`,
          last_name: `Quixworth${tag}`,
          dob: '1984-07-19',
          sex: 'F',
          email1: `zorbalind.${tag}@example.org`,
          phone_mobile: '+1 503 555 0199',
        };
        for (const [field, value] of Object.entries(patient)) if (field !== 'dob' && field !== 'sex' && field !== 'phone_mobile') registerPatientValue(value, field);
        return patient;
      },
    },
    resetLimits: () => post(`${sandbox.url}/cerbo/${credentials.subdomain}/_admin/limits`, undefined, 'DELETE'),
  };
}
