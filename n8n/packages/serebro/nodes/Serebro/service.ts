import type { IDataObject } from 'n8n-workflow';
import { webhookSubscriptions } from '../../../../../connectors/serebro/src/hooks';
import { operations } from '../../../../../connectors/serebro/operations';
import { serebroNode } from '../../../../runtime/nodes';
import { credentialText, type Service } from '../../../../runtime/service';
import { requestsPer10Seconds } from '../../credentials/SerebroOAuth2Api.credentials';

/** The token answer n8n keeps (`oauthTokenData`): the tokens, and the Location or Agency the user chose. */
const tokenData = (credentials: IDataObject): IDataObject | undefined =>
  typeof credentials.oauthTokenData === 'object' && credentials.oauthTokenData !== null ? (credentials.oauthTokenData as IDataObject) : undefined;

/** Serebro AI's node: OAuth 2.0 through n8n's `oAuth2Api`, which refreshes and keeps the rotating tokens. */
export const service: Service = {
  operations,
  node: serebroNode,
  authData: (credentials) => {
    const token = tokenData(credentials);
    const accessToken = credentialText(token, 'access_token');
    if (!token || !accessToken) return undefined;
    return {
      access_token: accessToken,
      refresh_token: credentialText(token, 'refresh_token') ?? '',
      user_type: credentialText(token, 'user_type') ?? 'Location',
      location_id: credentialText(token, 'location_id') ?? '',
      company_id: credentialText(token, 'company_id') ?? '',
    };
  },
  baseUrlOverride: 'SEREBRO_BASE_URL',
  secrets: (credentials) => [credentials.clientSecret, tokenData(credentials)?.access_token, tokenData(credentials)?.refresh_token],
  subscriptions: webhookSubscriptions,
  // docs/apis.md §1.2: every request counts against the 10-second burst (the daily allowance is not paced: waiting for the next day is not a step's to do).
  rateLimits: [{ field: requestsPer10Seconds, windowMs: 10_000, counts: () => true }],
};
