import { operations } from '../../../../../connectors/cerbo/operations';
import { cerboNode } from '../../../../runtime/nodes';
import { credentialText, type Service } from '../../../../runtime/service';
import { requestsPerMinute } from '../../credentials/CerboApi.credentials';

/** Cerbo's node: Basic authentication with the API user's `pk_` username and secret, for the practice's subdomain. */
export const service: Service = {
  operations,
  node: cerboNode,
  authData: (credentials) => ({
    subdomain: credentialText(credentials, 'subdomain') ?? '',
    username: credentialText(credentials, 'username') ?? '',
    password: credentialText(credentials, 'password') ?? '',
  }),
  baseUrlOverride: 'CERBO_BASE_URL',
  secrets: (credentials) => [credentials.username, credentials.password],
  // docs/apis.md §3: every request of the API user counts, in one-minute windows.
  rateLimits: [{ field: requestsPerMinute, windowMs: 60_000, counts: () => true }],
};
