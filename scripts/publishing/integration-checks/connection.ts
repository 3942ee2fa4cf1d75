/**
 * Zapier's integration checks (https://docs.zapier.com/integrations/publish/integration-checks-reference)
 * about the connection: credentials asked for only when connecting (D001), auth fields that say where
 * to find them (D002), a connection label that tells accounts apart without showing a secret (D003),
 * and nothing sent over plain http (D007). Zapier runs its checks on its servers, which the build cannot
 * reach; these decide them from the definition alone, under Zapier's own ids and names.
 */
import { isPlain, type AppView } from '../../definition';
import { hasHttpsLink, namesCredential } from '../text';
import { allInputFields, at, defineRule, str, type Violation } from '../rule';

const BASE_URL_VARS = ['SEREBRO_BASE_URL', 'SERGIO_BASE_URL', 'CERBO_BASE_URL'];

/** Runs `fn` with the sandbox overrides unset, so URLs come out as production builds them. */
function withProductionEnv<T>(fn: () => T): T {
  const saved = BASE_URL_VARS.map((name) => [name, process.env[name]] as const);
  for (const name of BASE_URL_VARS) delete process.env[name];
  try {
    return fn();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/** Every `http://` URL written in a value: strings, and string literals inside function source. */
function plainHttpUrls(value: unknown, path: string, skipKeys: Set<string>, seen = new WeakSet<object>()): Violation[] {
  const found: Violation[] = [];
  const scan = (text: string, where: string, what: string) => {
    for (const match of text.matchAll(/\bhttp:\/\/[^\s'"`)<>]+/gi)) {
      if (/^http:\/\/www\.w3\.org\//i.test(match[0])) continue;
      found.push(at(where, `${what} uses "${match[0]}": production URLs must be https`));
    }
  };
  if (typeof value === 'string') scan(value, path, 'string');
  else if (typeof value === 'function') scan(Function.prototype.toString.call(value), path, 'function source');
  else if (typeof value === 'object' && value !== null) {
    if (seen.has(value)) return found;
    seen.add(value);
    for (const [key, child] of Object.entries(value)) {
      if (skipKeys.has(key)) continue;
      found.push(...plainHttpUrls(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, skipKeys, seen));
    }
  }
  return found;
}

function credentialKeys(view: AppView): Set<string> {
  const keys = new Set(['access_token', 'refresh_token', 'api_key', 'apiKey', 'password', 'secret', 'client_secret', 'token']);
  for (const field of view.authFields) {
    if (field.field.type === 'password' || namesCredential(field.key)) keys.add(field.key);
  }
  return keys;
}

const isSecretReference = (name: string, secrets: Set<string>): boolean => secrets.has(name) || namesCredential(name);

/** Plain input fields, plus the `key: '…'` literals written inside function input fields. */
const inputFieldKeys = (view: AppView): Array<{ path: string; key: string; label: string; type: unknown }> => [
  ...allInputFields(view).map((field) => ({ path: field.path, key: field.key, label: str(field.field.label) ?? '', type: field.field.type })),
  ...view.operations.flatMap((op) =>
    op.functionInputFields.flatMap((fn) =>
      [...fn.source.matchAll(/\bkey\s*:\s*(['"`])([^'"`]+)\1/g)].map((match) => ({ path: `${fn.path}(function)`, key: match[2], label: '', type: undefined })),
    ),
  ),
];

export const d001 = defineRule('D001', 'No credential fields in triggers, actions or searches (ask in auth)', inputFieldKeys, (field) => {
  if (field.type === 'password' || namesCredential(field.key) || namesCredential(field.label)) {
    return [at(field.path, `input field "${field.key}" asks for a credential (${field.label || field.key}); credentials belong in authentication.fields`)];
  }
  return [];
});

export const d002 = defineRule(
  'D002',
  'Auth fields have help text with a Markdown link',
  (view) => view.authFields.filter((field) => field.field.computed !== true),
  (field) => {
    const help = str(field.field.helpText);
    if (!help) return [at(field.path, `auth field "${field.key}" has no helpText; link to the page where the user finds it`)];
    if (!hasHttpsLink(help)) return [at(field.path, `helpText of auth field "${field.key}" has no [text](https://…) link to where the user finds it`)];
    return [];
  },
);

export const d003 = defineRule(
  'D003',
  'Connection label is set and shows no secret',
  (view) => (view.authentication ? [{ path: 'authentication.connectionLabel', auth: view.authentication }] : []),
  (subject, view) => {
    const label = subject.auth.connectionLabel;
    const secrets = credentialKeys(view);
    if (label === undefined || label === null || label === '') return [at(subject.path, 'authentication has no connectionLabel to tell connected accounts apart')];
    const problems: Violation[] = [];
    const checkTemplate = (text: string, where: string) => {
      for (const match of text.matchAll(/{{\s*([^}]+?)\s*}}/g)) {
        const name = match[1].split('.').pop() ?? '';
        if (isSecretReference(name, secrets)) problems.push(at(where, `connection label shows a secret: {{${match[1]}}}`));
      }
    };
    if (typeof label === 'string') {
      if (!/{{[^}]+}}/.test(label)) problems.push(at(subject.path, `connection label "${label}" is constant; it must identify the account, e.g. {{bundle.inputData.email}}`));
      checkTemplate(label, subject.path);
    } else if (typeof label === 'function') {
      const source = Function.prototype.toString.call(label);
      for (const match of source.matchAll(/authData\s*(?:\.\s*|\[\s*['"`])([A-Za-z0-9_]+)/g)) {
        if (isSecretReference(match[1], secrets)) problems.push(at(subject.path, `connection label function reads bundle.authData.${match[1]}, a secret`));
      }
    } else if (isPlain(label)) {
      checkTemplate(JSON.stringify(label), subject.path);
    } else {
      problems.push(at(subject.path, 'connectionLabel must be a string template, a function or a request'));
    }
    return problems;
  },
);

export const d007 = defineRule(
  'D007',
  'All URLs are HTTPS (production, with *_BASE_URL unset)',
  (view) => [
    ...(view.authentication ? [{ path: 'authentication', value: view.authentication as unknown }] : []),
    ...view.operations.map((op) => ({ path: op.path, value: op.definition as unknown })),
    {
      path: 'app',
      value: Object.fromEntries(Object.entries(view.app).filter(([key]) => !['authentication', 'triggers', 'creates', 'searches'].includes(key))) as unknown,
    },
  ],
  (subject) => {
    const problems = plainHttpUrls(subject.value, subject.path, new Set(['sample']));
    const oauth = isPlain(subject.value) && isPlain(subject.value.oauth2Config) ? subject.value.oauth2Config : undefined;
    if (subject.path === 'authentication' && oauth && typeof oauth.authorizeUrl === 'function') {
      const build = oauth.authorizeUrl as (z: unknown, bundle: unknown) => unknown;
      const bundle = { inputData: { state: 'state', redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App0CLIAPI/' }, authData: {}, meta: {} };
      let url: unknown;
      try {
        url = withProductionEnv(() => build({}, bundle));
      } catch {
        url = undefined; // needs a live z object: its literals were still scanned above
      }
      if (typeof url === 'string' && !url.startsWith('https://')) problems.push(at('authentication.oauth2Config.authorizeUrl', `authorizeUrl builds "${url}" in production: it must be https`));
    }
    return problems;
  },
);
