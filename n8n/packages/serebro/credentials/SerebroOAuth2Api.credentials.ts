import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { baseUrlAccepted, baseUrlOf, domainRestriction, rateLimitField } from '../../credential-parts';

const PRODUCTION_ORIGIN = 'https://api.serebro.ai';

/**
 * The API origin of a credential, as an n8n expression over its Base URL field (`$self` inside the credential,
 * `$credentials` in its test request): the field when it is https, or http to this machine (a local test
 * server), without a user name, query or fragment; production otherwise. n8n's server, not the node, makes the
 * token exchange, so this check is the only thing standing between a mistyped address and the client secret.
 */
const originOf = (fields: '$self' | '$credentials') =>
	`{{ ${baseUrlAccepted(fields)} ? ${baseUrlOf(fields)} : '${PRODUCTION_ORIGIN}' }}`;

/** What the node's operations use; running a workflow needs `workflows:write`. */
const SCOPES = [
	'contacts:read',
	'contacts:write',
	'opportunities:read',
	'opportunities:write',
	'appointments:read',
	'appointments:write',
	'workflows:read',
	'workflows:write',
	'webhooks:read',
	'webhooks:write',
];

/** Serebro AI's burst limit (per app and Location, or Agency), which the node paces its requests under. */
export const requestsPer10Seconds = rateLimitField(
	'requestsPer10Seconds',
	'Requests per 10 Seconds',
	100,
	'The most requests the Serebro AI node sends with this credential in any 10 seconds. Serebro AI allows 100 for each app and Location.',
);

/**
 * Serebro AI's OAuth 2.0 code flow, run by n8n's own OAuth support: the client secret travels in the token
 * request's body, a refresh keeps the rotated refresh token, and the token answer (with the Location or Agency
 * the user chose) is kept with the credential for the node to read.
 */
export class SerebroOAuth2Api implements ICredentialType {
	name = 'serebroOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Serebro AI OAuth2 API';

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-serebro#credentials';

	icon: Icon = { light: 'file:../nodes/Serebro/serebro.svg', dark: 'file:../nodes/Serebro/serebro.dark.svg' };

	httpRequestNode = {
		name: 'Serebro AI',
		docsUrl: 'https://www.npmjs.com/package/n8n-nodes-serebro#credentials',
		apiBaseUrl: `${PRODUCTION_ORIGIN}/v2/`,
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: PRODUCTION_ORIGIN,
			description:
				'Leave as it is to use Serebro AI. Another address is used only if it is https, or http to this machine (a local test server); anything else falls back to Serebro AI.',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `=${originOf('$self')}/oauth/authorize`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `=${originOf('$self')}/oauth/token`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: SCOPES.join(' '),
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		...domainRestriction('api.serebro.ai', 'The Serebro AI node itself talks only to the Base URL.'),
		requestsPer10Seconds,
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: `=${originOf('$credentials')}/v2`,
			url: '/me',
		},
	};
}
