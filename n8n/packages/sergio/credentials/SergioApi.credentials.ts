import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { baseUrlAccepted, baseUrlOf, domainRestriction, rateLimitField } from '../../credential-parts';

const PRODUCTION_ORIGIN = 'https://api.sergio.app';

/**
 * The API origin, as an n8n expression over the Base URL field: the field when it is https, or http to this
 * machine (a local test server), without a user name, query or fragment; production otherwise. The check lives
 * in the expression because the credential test is sent by n8n itself, before any node code runs.
 */
const ORIGIN =
	`{{ ${baseUrlAccepted('$credentials')} ? ${baseUrlOf('$credentials')} : '${PRODUCTION_ORIGIN}' }}`;

/** Sergio's limits on writes and on reads, per API key, which the node paces its requests under. */
export const writesPerMinute = rateLimitField(
	'writesPerMinute',
	'Writes per Minute',
	60,
	'The most writes (creates and other changes) the Sergio node sends with this API key in any minute. Sergio allows 60.',
);

export const readsPerMinute = rateLimitField(
	'readsPerMinute',
	'Reads per Minute',
	120,
	'The most reads (searches, lists and dropdowns) the Sergio node sends with this API key in any minute. Sergio allows 120.',
);

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
		...domainRestriction('api.sergio.app', 'The Sergio node itself talks only to the Base URL.'),
		writesPerMinute,
		readsPerMinute,
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
