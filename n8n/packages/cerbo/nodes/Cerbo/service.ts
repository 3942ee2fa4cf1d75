import { operations } from '../../../../../connectors/cerbo/operations';
import { credentialText, type Service } from '../../../../runtime/service';

/** Cerbo's node: Basic authentication with the API user's `pk_` username and secret, for the practice's subdomain. */
export const service: Service = {
  operations,
  credential: 'cerboApi',
  authData: (credentials) => ({
    subdomain: credentialText(credentials, 'subdomain') ?? '',
    username: credentialText(credentials, 'username') ?? '',
    password: credentialText(credentials, 'password') ?? '',
  }),
  baseUrlOverride: 'CERBO_BASE_URL',
  secrets: (credentials) => [credentials.username, credentials.password],
  widestConnection: {},
};
