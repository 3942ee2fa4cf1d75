import { operations } from '../../../../../connectors/sergio/operations';
import { sergioNode } from '../../../../runtime/nodes';
import { credentialText, type Service } from '../../../../runtime/service';
import { readsPerMinute, writesPerMinute } from '../../credentials/SergioApi.credentials';

/** Registering and removing webhooks (`/subscriptions`): Sergio counts them apart, neither reads nor writes (a trigger's, one at a time). */
const isWebhookRegistration = (path: string) => /\/subscriptions(\/|$)/.test(path);

/** Sergio's node: the API key in `X-API-Key`, added by n8n's credential. */
export const service: Service = {
  operations,
  node: sergioNode,
  authData: (credentials) => ({ api_key: credentialText(credentials, 'apiKey') ?? '' }),
  baseUrlOverride: 'SERGIO_BASE_URL',
  secrets: (credentials) => [credentials.apiKey],
  // docs/apis.md §2.2: one-minute windows per key; a GET is a read, any other request a write.
  rateLimits: [
    { field: writesPerMinute, windowMs: 60_000, counts: ({ method, path }) => method !== 'GET' && !isWebhookRegistration(path) },
    { field: readsPerMinute, windowMs: 60_000, counts: ({ method }) => method === 'GET' },
  ],
};
