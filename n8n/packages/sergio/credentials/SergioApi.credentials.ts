import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

const PRODUCTION_ORIGIN = 'https://api.sergio.app';

/**
 * The API origin, as an n8n expression over the Base URL field: the field when it is https, or http to this
 * machine (a local test server), without a user name, query or fragment; production otherwise. The check lives
 * in the expression because the credential test is sent by n8n itself, before any node code runs.
 */
const ORIGIN =
	`{{ /^(https:\\/\\/[^\\s\\/?#@]+|http:\\/\\/(localhost|127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}|\\[::1\\])(:\\d+)?)(\\/[^\\s?#]*)?$/i` +
	`.test(String($credentials.baseUrl ?? '').trim()) ? String($credentials.baseUrl).trim().replace(/\\/+$/, '') : '${PRODUCTION_ORIGIN}' }}`;

/** A Sergio API key, sent in `X-API-Key` to Sergio's Zapier API (the one made for integrations). */
export class SergioApi implements ICredentialType {
	name = 'sergioApi';

	displayName = 'Sergio API';

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-sergio#credentials';

	icon: Icon = { light: 'file:../nodes/Sergio/sergio.svg', dark: 'file:../nodes/Sergio/sergio.dark.svg' };

	httpRequestNode = {
		name: 'Sergio',
		docsUrl: 'https://www.npmjs.com/package/n8n-nodes-sergio#credentials',
		apiBaseUrl: `${PRODUCTION_ORIGIN}/zapier/v1/`,
	};

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your Sergio API key: it starts with sk_live_ (or sk_test_ for test data). Create one in Settings › API Keys in your Sergio dashboard (https://app.sergio.app/settings/api-keys); it is shown only once.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: PRODUCTION_ORIGIN,
			description:
				'Leave as it is to use Sergio. Another address is used only if it is https, or http to this machine (a local test server); anything else falls back to Sergio.',
		},
		{
			displayName: 'Allowed HTTP Request Domains',
			name: 'allowedHttpRequestDomains',
			type: 'options',
			options: [
				{ name: 'All', value: 'all', description: 'Allow every domain in the HTTP Request node' },
				{ name: 'Specific Domains', value: 'domains', description: 'Allow only the domains listed below' },
				{ name: 'None', value: 'none', description: 'Refuse this credential in the HTTP Request node' },
			],
			default: 'domains',
			description: 'Where the HTTP Request node may send this credential. The Sergio node itself talks only to the Base URL.',
		},
		{
			displayName: 'Allowed Domains',
			name: 'allowedDomains',
			type: 'string',
			default: 'api.sergio.app',
			description: 'Comma-separated hosts the HTTP Request node may send this credential to',
			displayOptions: { show: { allowedHttpRequestDomains: ['domains'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-Key': '={{ String($credentials.apiKey).trim() }}',
			},
		},
	};

	/** `GET /me`: a revoked key answers 401. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `=${ORIGIN}/zapier/v1`,
			url: '/me',
		},
	};
}
