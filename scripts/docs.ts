/**
 * `npm run docs`: writes docs/connectors/<service>.md from each connector's app definition (what
 * Zapier itself reads), so the listing documentation cannot drift from the code. test/docs.test.ts
 * regenerates them in memory and fails when the committed files are stale.
 */
import { plainFieldsOf } from '../kit/schema';
import fs from 'node:fs';
import path from 'node:path';
import { CONNECTORS, ROOT, SERVICE_NAMES, type ConnectorName } from './connectors';
import { loadApp, operationsOf, type ActionDefinition, type AppDefinition, type FieldDefinition, type OperationKind } from './definition';

const zapier = require('zapier-platform-core') as { errors: Record<string, unknown>; version: string };

/** A kind of connection input fields are resolved for (function fields read bundle.authData). */
interface Variant {
  name: string;
  authData: Record<string, unknown>;
}

const EVERY_CONNECTION: Variant[] = [{ name: 'every connection', authData: {} }];

/** Connectors whose input fields depend on the kind of connection; the others document one variant. */
const VARIANTS: Partial<Record<ConnectorName, Variant[]>> = {
  // Serebro's fields depend on the kind of token: Agency connections pick a Location per step.
  serebro: [
    { name: 'Location connections', authData: { user_type: 'Location' } },
    { name: 'Agency connections', authData: { user_type: 'Company' } },
  ],
};

export const docsPath = (name: ConnectorName) => path.join(ROOT, 'docs', 'connectors', `${name}.md`);

const SECTIONS: Array<{ type: OperationKind; title: string; noun: string }> = [
  { type: 'triggers', title: 'Triggers', noun: 'trigger' },
  { type: 'creates', title: 'Actions', noun: 'action' },
  { type: 'searches', title: 'Searches', noun: 'search' },
];

/** Table cells: one line, pipes escaped. */
const cell = (text: unknown) =>
  String(text ?? '')
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

/** A stand-in z for field functions: they may read the bundle, never the network. */
const offlineZ = {
  errors: zapier.errors,
  console: { log: () => undefined, error: () => undefined },
  request: () => {
    throw new Error('offline');
  },
};

interface ResolvedField {
  field: FieldDefinition;
  /** Variant names the field appears for; all of them when it always does. */
  shownFor: string[];
}

type FieldFunction = (z: unknown, bundle: unknown) => unknown;

async function resolveFields(fields: ActionDefinition['operation']['inputFields'], variants: Variant[]): Promise<{ fields: ResolvedField[]; computed: boolean }> {
  const byKey = new Map<string, ResolvedField>();
  let computed = false;
  for (const variant of variants) {
    for (const entry of fields ?? []) {
      let list: FieldDefinition[];
      if (typeof entry === 'function') {
        try {
          const result = await (entry as unknown as FieldFunction)(offlineZ, { authData: variant.authData, inputData: {}, meta: {} });
          list = Array.isArray(result) ? (result as FieldDefinition[]) : [];
        } catch {
          // Fields that need a request (custom fields from the account) are only known at run time.
          computed = true;
          list = [];
        }
      } else {
        list = [entry];
      }
      for (const field of list) {
        const known = byKey.get(field.key);
        if (known) {
          if (!known.shownFor.includes(variant.name)) known.shownFor.push(variant.name);
        } else {
          byKey.set(field.key, { field, shownFor: [variant.name] });
        }
      }
    }
  }
  return { fields: [...byKey.values()], computed };
}

function fieldType(field: FieldDefinition & { dict?: boolean }): string {
  const base = field.type ?? 'string';
  if (field.dict) return 'key/value pairs';
  if (field.list) return `list of ${base}`;
  return base;
}

function dropdownSource(app: AppDefinition, field: FieldDefinition): string {
  const parts: string[] = [];
  if (field.dynamic) {
    const [key, value, label] = field.dynamic.split('.');
    const trigger = app.triggers?.[key];
    parts.push(`Dropdown from \`${key}\`${trigger ? ` (${trigger.display.label})` : ''}: value \`${value}\`, label \`${label ?? value}\``);
  }
  if (field.search) {
    const [key] = field.search.split('.');
    const search = app.searches?.[key];
    parts.push(`Search connector: ${search ? `${search.display.label} (\`${key}\`)` : `\`${key}\``}`);
  }
  if (field.choices) {
    const choices = Array.isArray(field.choices)
      ? field.choices.map((choice) =>
          typeof choice === 'object' && choice ? `${String((choice as { value: unknown }).value)} = ${String((choice as { label?: unknown }).label ?? '')}` : String(choice),
        )
      : Object.entries(field.choices as Record<string, string>).map(([value, label]) => `${value} = ${label}`);
    parts.push(`Choices: ${choices.join(', ')}`);
  }
  return parts.join('; ') || '';
}

function fieldsTable(app: AppDefinition, fields: ResolvedField[], variants: Variant[]): string[] {
  if (fields.length === 0) return ['No input fields.', ''];
  const lines = ['| Field | Key | Required | Type | Help text | Dropdown / source |', '| --- | --- | --- | --- | --- | --- |'];
  for (const { field, shownFor } of fields) {
    const only = shownFor.length < variants.length ? ` *(${shownFor.join(', ')} only)*` : '';
    lines.push(
      `| ${cell(field.label ?? field.key)}${only} | \`${field.key}\` | ${field.required ? 'yes' : 'no'} | ${cell(fieldType(field))} | ${cell(field.helpText)} | ${cell(dropdownSource(app, field))} |`,
    );
  }
  return [...lines, ''];
}

function outputFieldsLine(action: ActionDefinition): string[] {
  const fields = (action.operation.outputFields ?? []).flatMap(plainFieldsOf).filter((f): f is FieldDefinition => typeof f === 'object' && f !== null);
  if (fields.length === 0) return [];
  return [`Output fields: ${fields.map((f) => `\`${f.key}\` (${cell(f.label ?? f.key)})`).join(', ')}.`, ''];
}

interface Throttle {
  window: number;
  limit?: number;
  scope?: string[];
}

function throttleLine(throttle: Throttle | undefined): string | undefined {
  if (!throttle) return undefined;
  const words: Record<string, string> = { auth: 'connection', account: 'Zapier account', user: 'Zapier user', action: 'step' };
  const scope = throttle.scope?.length ? ` per ${throttle.scope.map((s) => words[s] ?? s).join(' and ')}` : '';
  return `at most ${throttle.limit ?? '?'} runs per ${throttle.window} s${scope}; Zapier queues the rest`;
}

function kindOf(type: OperationKind, action: ActionDefinition): string {
  if (type === 'triggers') {
    return action.operation.type === 'hook' ? 'Instant (REST hook: subscribed when the Zap is turned on, signed deliveries verified)' : 'Polling (Zapier checks on its schedule and deduplicates by `id`)';
  }
  return type === 'creates' ? 'Action' : 'Search (returns an empty list when nothing matches)';
}

function authenticationSection(name: ConnectorName, app: AppDefinition): string[] {
  const auth = app.authentication;
  const service = SERVICE_NAMES[name];
  if (!auth) return ['## Connecting an account', '', 'No authentication.', ''];
  const lines = ['## Connecting an account', ''];
  if (auth.type === 'oauth2') {
    const scopes = (auth.oauth2Config?.scope ?? '').split(/\s+/).filter(Boolean);
    lines.push(
      `**OAuth 2.0** (authorization code). The user signs in to ${service} in a pop-up, reviews the permissions and approves access; Zapier never sees a password.` +
        (auth.oauth2Config?.refreshAccessToken ? ' Access tokens are refreshed automatically (the refresh token rotates).' : ''),
      '',
      `What the user needs: a ${service} account that may approve access for the workspace to connect.`,
      '',
    );
    if (scopes.length) lines.push(`Permissions requested: ${scopes.map((s) => `\`${s}\``).join(', ')}.`, '');
  } else {
    const kind = auth.type === 'basic' ? '**HTTP Basic**' : auth.type === 'custom' ? '**API key**' : `**${auth.type}**`;
    lines.push(`${kind}. What the user needs: the values below.`, '');
    lines.push('| Field | Key | Required | Type | Where to find it |', '| --- | --- | --- | --- | --- |');
    for (const field of auth.fields ?? []) {
      lines.push(`| ${cell(field.label ?? field.key)} | \`${field.key}\` | ${field.required ? 'yes' : 'no'} | ${cell(field.type ?? 'string')} | ${cell(field.helpText)} |`);
    }
    lines.push('');
  }
  lines.push(
    `The connection is tested with the connector's \`authentication.test\`, and its label ${
      typeof auth.connectionLabel === 'string' ? `is \`${auth.connectionLabel}\`` : 'is built from the test\'s answer (it names the account and holds no secret)'
    }.`,
    '',
  );
  return lines;
}

export async function renderDocs(name: ConnectorName): Promise<string> {
  const app = loadApp(name);
  const service = SERVICE_NAMES[name];
  const variants = VARIANTS[name] ?? EVERY_CONNECTION;
  const lines: string[] = [
    `# ${service} on Zapier`,
    '',
    `<!-- Generated by \`npm run docs\` (scripts/docs.ts) from connectors/${name}: do not edit by hand. -->`,
    '',
    `Integration version ${app.version ?? '?'}, zapier-platform-core ${app.platformVersion ?? zapier.version}.`,
    '',
  ];
  const entries = (type: OperationKind, hidden: boolean) =>
    operationsOf(app, [type])
      .filter(({ definition }) => Boolean(definition.display.hidden) === hidden)
      .map(({ key, definition }): [string, ActionDefinition] => [key, definition]);
  const visible = (type: OperationKind) => entries(type, false);
  const hidden = entries('triggers', true);
  lines.push('## Contents', '');
  for (const { type, title } of SECTIONS) {
    const entries = visible(type);
    if (entries.length) lines.push(`- ${title}: ${entries.map(([key, action]) => `[${action.display.label}](#${key})`).join(', ')}`);
  }
  if (app.searchOrCreates && Object.keys(app.searchOrCreates).length) lines.push('- [Search-or-create](#search-or-create)');
  if (hidden.length) lines.push('- [Dropdown sources](#dropdown-sources)');
  lines.push('', ...authenticationSection(name, app));
  const appThrottle = throttleLine(app.throttle);
  if (appThrottle) lines.push('## Rate limits', '', `Integration-wide throttle: ${appThrottle}.`, '');

  for (const { type, title } of SECTIONS) {
    const entries = visible(type);
    if (!entries.length) continue;
    lines.push(`## ${title}`, '');
    for (const [key, action] of entries) {
      const { fields, computed } = await resolveFields(action.operation.inputFields, variants);
      lines.push(`<a id="${key}"></a>`, '', `### ${action.display.label} (\`${key}\`)`, '', action.display.description, '');
      lines.push(`Kind: ${kindOf(type, action)}.${action.noun ? ` Noun: ${action.noun}.` : ''}`, '');
      const throttle = throttleLine(action.operation.throttle);
      if (throttle) lines.push(`Throttle: ${throttle}.`, '');
      lines.push('#### Input fields', '', ...fieldsTable(app, fields, variants));
      if (computed) lines.push('Further fields are loaded from the account when the step is set up.', '');
      lines.push('#### Sample output', '', '```json', JSON.stringify(action.operation.sample ?? {}, null, 2), '```', '', ...outputFieldsLine(action));
    }
  }

  if (app.searchOrCreates && Object.keys(app.searchOrCreates).length) {
    lines.push('<a id="search-or-create"></a>', '', '## Search-or-create', '');
    for (const [key, soc] of Object.entries(app.searchOrCreates)) {
      const search = app.searches?.[soc.search]?.display.label ?? soc.search;
      const create = app.creates?.[soc.create]?.display.label ?? soc.create;
      lines.push(`- **${soc.display.label}** (\`${key}\`): ${soc.display.description} Runs ${search} (\`${soc.search}\`), then ${create} (\`${soc.create}\`) when nothing is found.`);
    }
    lines.push('');
  }

  if (hidden.length) {
    lines.push('<a id="dropdown-sources"></a>', '', '## Dropdown sources', '', 'Hidden triggers that fill dropdowns; users never pick them as a Zap trigger.', '');
    lines.push('| Key | Label | Description | Pages |', '| --- | --- | --- | --- |');
    for (const [key, action] of hidden) {
      lines.push(`| \`${key}\` | ${cell(action.display.label)} | ${cell(action.display.description)} | ${action.operation.canPaginate ? 'yes' : 'no'} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The connectors whose committed docs differ from what their definitions generate now. */
export async function staleDocs(read: (file: string) => string | undefined = readIfPresent): Promise<ConnectorName[]> {
  const stale: ConnectorName[] = [];
  for (const name of CONNECTORS) {
    if (read(docsPath(name)) !== (await renderDocs(name))) stale.push(name);
  }
  return stale;
}

function readIfPresent(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

async function main(): Promise<void> {
  fs.mkdirSync(path.dirname(docsPath('serebro')), { recursive: true });
  for (const name of CONNECTORS) {
    const text = await renderDocs(name);
    fs.writeFileSync(docsPath(name), text);
    console.log(`wrote ${path.relative(ROOT, docsPath(name))} (${text.split('\n').length} lines)`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`npm run docs failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
