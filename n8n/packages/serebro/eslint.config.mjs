import { config } from '@n8n/node-cli/eslint';

// n8n's lint asks every community package for the MIT licence. This one is UNLICENSED, as the repository is,
// until its owner chooses a licence (see README.md): then set it in package.json and delete this entry.
export default [
	...config,
	{
		files: ['package.json'],
		rules: { 'n8n-nodes-base/community-package-json-license-not-default': 'off' },
	},
];
