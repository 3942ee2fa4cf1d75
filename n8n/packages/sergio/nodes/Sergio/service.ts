import { operations } from '../../../../../connectors/sergio/operations';
import { sergioNode } from '../../../../runtime/nodes';
import { credentialText, type Service } from '../../../../runtime/service';

/** Sergio's node: the API key in `X-API-Key`, added by n8n's credential. */
export const service: Service = {
  operations,
  node: sergioNode,
  authData: (credentials) => ({ api_key: credentialText(credentials, 'apiKey') ?? '' }),
  baseUrlOverride: 'SERGIO_BASE_URL',
  secrets: (credentials) => [credentials.apiKey],
};
