/**
 * What the fuzzer drives (test/fuzz/fuzz.ts): every function Zapier calls with a connection's data, each
 * with the input fields its generated input fills and the sample record its fake API answers with.
 */
import { operations, SERVICES, type App, type InputField, type Operation, type ServiceName } from '../reliability/connectors';
import { methodOf } from '../reliability/odd';

export interface Target {
  service: ServiceName;
  id: string;
  method: string;
  fields: InputField[];
  sample: Record<string, unknown>;
}

function flatten(fields: unknown[]): InputField[] {
  return fields.flatMap((field) =>
    field && typeof field === 'object' && 'key' in field ? [field as InputField, ...flatten((field as InputField).children ?? [])] : [],
  );
}

/**
 * The operation whose field a dropdown trigger without fields of its own fills: Zapier hands the trigger
 * that operation's input (the Stage list reads the Pipeline chosen above it).
 */
function filledBy(trigger: Operation, ops: Operation[]): Operation | undefined {
  if (trigger.kind !== 'triggers' || trigger.definition.operation.inputFields?.length) return undefined;
  return ops.find((op) => flatten(op.definition.operation.inputFields ?? []).some((field) => field.dynamic?.split('.')[0] === trigger.key));
}

/** What Zapier hands OAuth's getAccessToken: the code and where the user came back. */
const CODE_FIELDS: InputField[] = [
  { key: 'code', required: true },
  { key: 'redirect_uri', required: true },
];

/**
 * Every function Zapier calls with the connection's data: auth test, OAuth's token exchange and refresh,
 * triggers, creates, searches, dynamic input field functions.
 */
export function fuzzTargets(apps: Record<ServiceName, App>): Target[] {
  const found: Target[] = [];
  for (const service of SERVICES) {
    const app = apps[service];
    if ((app.authentication as { test?: unknown } | undefined)?.test) {
      found.push({ service, id: `${service} authentication.test`, method: 'authentication.test', fields: [], sample: {} });
    }
    if (app.authentication?.type === 'oauth2') {
      for (const [fn, fields] of [['getAccessToken', CODE_FIELDS], ['refreshAccessToken', []]] as const) {
        found.push({ service, id: `${service} oauth2Config.${fn}`, method: `authentication.oauth2Config.${fn}`, fields: [...fields], sample: {} });
      }
    }
    const ops = operations(service, app, ['triggers', 'creates', 'searches']);
    for (const op of ops) {
      const fields = flatten((filledBy(op, ops) ?? op).definition.operation.inputFields ?? []);
      const sample = { ...(op.definition.operation.sample ?? {}) };
      found.push({ service, id: op.id, method: methodOf(op), fields, sample });
      if ((op.definition.operation.inputFields ?? []).some((field) => typeof field === 'function')) {
        found.push({ service, id: `${op.id} inputFields`, method: `${op.kind}.${op.key}.operation.inputFields`, fields, sample });
      }
    }
  }
  return found;
}
