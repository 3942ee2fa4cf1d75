import type { INodeProperties } from 'n8n-workflow';

/**
 * What the three packages' credentials share, bundled into each package's `dist/` at build: the rule for a
 * Base URL field and the fields that restrict where n8n's HTTP Request node may send a credential.
 */

/**
 * An n8n expression, true when the Base URL field of `fields` (`$self` inside a credential, `$credentials` in
 * its test request) may be used: https, or http to this machine (a local test server), without a user name,
 * query or fragment — the kit's `overrideProblem` rule, which a test holds these to. It lives in an expression
 * because n8n's server, not the node, sends the credential test and makes the OAuth token exchange.
 */
export const baseUrlAccepted = (fields: '$self' | '$credentials'): string =>
	`/^(https:\\/\\/[^\\s\\/?#@]+|http:\\/\\/(localhost|127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}|\\[::1\\])(:\\d+)?)(\\/[^\\s?#]*)?$/i` +
	`.test(String(${fields}.baseUrl ?? '').trim())`;

/** The Base URL field's value as an origin: trimmed, without a trailing slash. */
export const baseUrlOf = (fields: '$self' | '$credentials'): string => `String(${fields}.baseUrl).trim().replace(/\\/+$/, '')`;

/**
 * Where n8n's HTTP Request node may send the credential: by default only to `domains`, the API's own hosts.
 * `reach` says where the service's own node sends it.
 */
export function domainRestriction(domains: string, reach: string, domainsNote = ''): INodeProperties[] {
	return [
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
			description: `Where the HTTP Request node may send this credential. ${reach}`,
		},
		{
			displayName: 'Allowed Domains',
			name: 'allowedDomains',
			type: 'string',
			default: domains,
			description: `Comma-separated hosts the HTTP Request node may send this credential to${domainsNote}`,
			displayOptions: { show: { allowedHttpRequestDomains: ['domains'] } },
		},
	];
}

/**
 * A field holding one of the API's published rate limits, under which the node paces its requests: its
 * default is the published limit. `what` says what it counts and what the API allows, in the user's words.
 */
export function rateLimitField(name: string, displayName: string, published: number, what: string): INodeProperties & { type: 'number'; default: number } {
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: published,
		description:
			`${what} Within one run, the node waits for its turn rather than go over it; the wait does not count against the node's Timeout option. ` +
			'Lower it if other workflows or apps use the same account at the same time.',
	};
}
