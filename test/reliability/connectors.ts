/**
 * The three connectors as the reliability suite sees them: their app definitions, every operation,
 * and how to point each at a fake origin (nock) or at the sandbox.
 */
import { CONNECTORS, type ConnectorName } from '../../scripts/connectors';
import { loadApp as loadDefinition, operationsOf, type ActionDefinition, type AppDefinition, type FieldDefinition, type OperationKind } from '../../scripts/definition';

export type ServiceName = ConnectorName;
export const SERVICES: ServiceName[] = [...CONNECTORS];

/** The suite reads definitions with the project's one reader (scripts/definition): its types, its loader. */
export type InputField = FieldDefinition;
export type App = AppDefinition;

export interface Operation {
  service: ServiceName;
  kind: OperationKind;
  key: string;
  /** `serebro creates.create_contact` */
  id: string;
  definition: ActionDefinition;
}

/** The connector's assembled app; a connector without operations fails the suite rather than skip it. */
export function loadApp(service: ServiceName): App {
  const app = loadDefinition(service);
  if (operationsOf(app).length === 0) throw new Error(`connectors/${service} exports no triggers, creates or searches`);
  return app;
}

export function operations(service: ServiceName, app: App, kinds: OperationKind[]): Operation[] {
  return operationsOf(app, kinds).map(({ kind, key, path, definition }) => ({ service, kind, key, id: `${service} ${path}`, definition }));
}

/** Environment variable that moves each connector's origin (docs/apis.md §4). */
export { BASE_URL_ENV } from '../../scripts/connectors';

/** Fake origins the nock-backed tests answer for; nothing else is reachable. */
export const FAKE_ORIGIN: Record<ServiceName, string> = {
  serebro: 'https://serebro.reliability.test',
  sergio: 'https://sergio.reliability.test',
  cerbo: 'https://cerbo.reliability.test',
};

export const FAKE_BASE_URL: Record<ServiceName, string> = {
  serebro: FAKE_ORIGIN.serebro,
  sergio: `${FAKE_ORIGIN.sergio}/zapier/v1`,
  cerbo: `${FAKE_ORIGIN.cerbo}/{subdomain}`,
};

/** Secret-looking credentials for the nock-backed tests; the log scan looks for each. */
export const FAKE_SECRETS = {
  accessToken: 'at_reliability_0f3c9a7e5b2d4c18a6e0',
  refreshToken: 'rt_reliability_7d1e8b3f0a9c4e26b5f1',
  apiKey: 'sk_live_Reliab1lity5e0b7c2a9d1f4836c0e7',
  basicSecret: 'sk_reliability_basic_b8e14f0c3a7d9265e1c4',
  basicUser: 'pk_reliability_user_3c9e',
  clientSecret: 'cs_reliability_a1b2c3d4e5f60718293a',
  webhookSecret: 'whsec_reliability_4a8c0e2f6b1d3957a0c8',
};

/**
 * authData for a connector, built from its authentication fields so that a renamed field still
 * gets a value: the subdomain a valid one, public usernames a `pk_` key, anything else a secret.
 */
export function fakeAuthData(service: ServiceName, app: App, variant: 'Location' | 'Company' = 'Location'): Record<string, string> {
  const auth = app.authentication;
  if (auth?.type === 'oauth2') {
    return {
      access_token: FAKE_SECRETS.accessToken,
      refresh_token: FAKE_SECRETS.refreshToken,
      user_type: variant,
      location_id: variant === 'Location' ? 'loc_reliability' : '',
      company_id: 'co_reliability',
    };
  }
  const data: Record<string, string> = {};
  for (const field of auth?.fields ?? []) {
    const key = field.key.toLowerCase();
    if (key.includes('subdomain') || key.includes('practice') || key.includes('tenant')) data[field.key] = 'reliability-clinic';
    else if (key === 'username' || key.includes('public') || key.includes('user')) data[field.key] = FAKE_SECRETS.basicUser;
    else if (service === 'cerbo') data[field.key] = FAKE_SECRETS.basicSecret;
    else data[field.key] = FAKE_SECRETS.apiKey;
  }
  return data;
}

/** The values a log line must never contain, each with what it is. */
export const secretValues = new Map<string, string>([
  [FAKE_SECRETS.accessToken, 'access token'],
  [FAKE_SECRETS.refreshToken, 'refresh token'],
  [FAKE_SECRETS.apiKey, 'API key'],
  [FAKE_SECRETS.basicSecret, 'Basic secret key'],
  [FAKE_SECRETS.clientSecret, 'OAuth client secret'],
  [FAKE_SECRETS.webhookSecret, 'webhook signing secret'],
  [Buffer.from(`${FAKE_SECRETS.basicUser}:${FAKE_SECRETS.basicSecret}`).toString('base64'), 'Basic Authorization header'],
]);
