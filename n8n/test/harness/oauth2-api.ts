import type { ICredentialType } from 'n8n-workflow';

/**
 * n8n's generic OAuth2 credential, which a service's OAuth2 credential `extends`: n8n-core recognises
 * an OAuth2 credential by this parent (and then signs requests with its token and refreshes it), and a
 * child's hidden fields override these by name. Only the fields n8n-core's request helpers read are
 * here, with n8n's names and defaults; the server's half (the authorize redirect and code exchange)
 * is not run in-process.
 */
export const oAuth2Api: ICredentialType = {
  name: 'oAuth2Api',
  displayName: 'OAuth2 API',
  properties: [
    {
      displayName: 'Grant Type',
      name: 'grantType',
      type: 'options',
      options: [
        { name: 'Authorization Code', value: 'authorizationCode' },
        { name: 'Client Credentials', value: 'clientCredentials' },
        { name: 'PKCE', value: 'pkce' },
      ],
      default: 'authorizationCode',
    },
    { displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '' },
    { displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '' },
    { displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
    { displayName: 'Client Secret', name: 'clientSecret', type: 'string', typeOptions: { password: true }, default: '' },
    { displayName: 'Scope', name: 'scope', type: 'string', default: '' },
    { displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'string', default: '' },
    {
      displayName: 'Authentication',
      name: 'authentication',
      type: 'options',
      options: [
        { name: 'Body', value: 'body', description: 'Send the client ID and secret in the body' },
        { name: 'Header', value: 'header', description: 'Send the client ID and secret as Basic Auth' },
      ],
      default: 'header',
    },
    { displayName: 'Ignore SSL Issues', name: 'ignoreSSLIssues', type: 'boolean', default: false },
  ],
};
