import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { recordOf } from '../../../kit';
import { credentialsFrom, listPage, WHERE_CREDENTIALS } from './client';
import { User } from './schemas';

const HELP_ARTICLE =
  '[Cerbo\'s API User Management article](https://help.cer.bo/support/solutions/articles/8000119712-api-user-management-console)';

/** Checks the fields, then asks for one user: the cheapest request every permission profile allows. */
const test = async (z: ZObject, bundle: Bundle) => {
  credentialsFrom(z, bundle.authData);
  return listPage(z, bundle, { path: '/users', params: { limit: 1 }, item: recordOf(User) });
};

/** "acme (pk_zapier)": the practice and the API user, never the secret key. */
const connectionLabel = async (z: ZObject, bundle: Bundle) => {
  const { subdomain, username } = credentialsFrom(z, bundle.authData);
  return `${subdomain} (${username})`;
};

export default {
  type: 'basic',
  fields: [
    {
      key: 'subdomain',
      label: 'Practice Subdomain',
      type: 'string',
      required: true,
      helpText:
        'The part before `.md-hq.com` in the address you sign in to Cerbo at: `acme` for `https://acme.md-hq.com`. ' +
        `Pasting the whole address works too. See ${HELP_ARTICLE}.`,
    },
    {
      key: 'username',
      label: 'Username (Public Key)',
      type: 'string',
      required: true,
      helpText:
        `The API user's username, which starts with \`pk_\`. In Cerbo, open ${WHERE_CREDENTIALS} ` +
        `(at the top of the Integrations window) and add a user for Zapier or copy an existing one. See ${HELP_ARTICLE}.`,
    },
    {
      key: 'password',
      label: 'Secret Key',
      type: 'password',
      required: true,
      helpText:
        `The API user's secret key, from ${WHERE_CREDENTIALS}. Cerbo shows it only once, when the user is saved; ` +
        `if it was not kept, edit the user and generate a new one. See ${HELP_ARTICLE}.`,
    },
  ],
  test,
  connectionLabel,
} satisfies Authentication;
