import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { baseUrlAccepted, baseUrlOf, domainRestriction, rateLimitField } from '../../credential-parts';

/**
 * The practice subdomain from what was typed, as an n8n expression: `acme`, `acme.md-hq.com` or a pasted
 * `https://acme.md-hq.com/...` all give `acme`, and anything that is not a host label gives nothing.
 */
const SUBDOMAIN =
	`String($credentials.subdomain ?? '').trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\\/\\//, '').split(/[\\/?#]/)[0]` +
	`.replace(/:\\d*$/, '').replace(/\\.md-hq\\.com$/, '').match(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/)?.[0] ?? ''`;

/**
 * The practice's API origin: the Base URL field, with `{subdomain}` filled in, when it is https or http to this
 * machine (a local test server), without a user name, query or fragment; the practice's Cerbo host otherwise.
 * The check lives in the expression because the credential test is sent by n8n itself, before any node code runs.
 * An invalid subdomain gives a host under `.invalid`, which never resolves (RFC 6761): the test fails naming it,
 * and the key goes nowhere the typed text happened to spell.
 */
const ORIGIN =
	`{{ (subdomain => ${baseUrlAccepted('$credentials')} ? ${baseUrlOf('$credentials')}.replace('{subdomain}', subdomain)` +
	` : 'https://' + (subdomain ? subdomain + '.md-hq.com' : 'subdomain-not-valid.invalid'))(${SUBDOMAIN}) }}`;

const WHERE_CREDENTIALS = 'Admin → Manage → Integrations → API User Management';

/** Cerbo's limit per API user, which the node paces its requests under. */
export const requestsPerMinute = rateLimitField(
	'requestsPerMinute',
	'Requests per Minute',
	60,
	'The most requests the Cerbo node sends as this API user in any minute. Cerbo allows 60.',
);

/** A Cerbo API user: HTTP Basic with its `pk_` username and secret key, at the practice's own subdomain. */
export class CerboApi implements ICredentialType {
	name = 'cerboApi';

	displayName = 'Cerbo API';

	documentationUrl = 'https://help.cer.bo/support/solutions/articles/8000119712-api-user-management-console';

	icon: Icon = { light: 'file:../nodes/Cerbo/cerbo.svg', dark: 'file:../nodes/Cerbo/cerbo.dark.svg' };

	httpRequestNode = {
		name: 'Cerbo',
		docsUrl: 'https://www.npmjs.com/package/n8n-nodes-cerbo#credentials',
		apiBaseUrlPlaceholder: 'https://{subdomain}.md-hq.com/api/v1/',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Practice Subdomain',
			name: 'subdomain',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. acme',
			description:
				'The part before .md-hq.com in the address you sign in to Cerbo at: acme for https://acme.md-hq.com. Pasting the whole address works too.',
		},
		{
			displayName: 'Username (Public Key)',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. pk_n8n',
			description: `The API user's username, which starts with pk_. In Cerbo, open ${WHERE_CREDENTIALS} and add a user for n8n or copy an existing one.`,
		},
		{
			displayName: 'Secret Key',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: `The API user's secret key, from ${WHERE_CREDENTIALS}. Cerbo shows it only once, when the user is saved; if it was not kept, edit the user and generate a new one.`,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			description:
				'Leave empty to use your practice\'s Cerbo address. Another address (which may contain {subdomain}) is used only if it is https, or http to this machine (a local test server); anything else falls back to Cerbo.',
		},
		...domainRestriction('*.md-hq.com', 'The Cerbo node itself talks only to your practice\'s address.', ' (*.md-hq.com: the Cerbo practices)'),
		requestsPerMinute,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{ String($credentials.username).trim() }}',
				password: '={{ String($credentials.password).trim() }}',
			},
		},
	};

	/** One user of the practice: the cheapest request every permission profile allows. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `=${ORIGIN}/api/v1`,
			url: '/users',
			qs: { limit: 1 },
		},
	};
}
