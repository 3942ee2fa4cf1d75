import { goodApp, type FixtureApp, type FixtureDefinition } from './fixtures';
import { NOT_CHECKED, RULES, formatTable, runRules } from '../../scripts/publishing/rules';
import { isIdKey } from '../../scripts/publishing/integration-checks/fields';
import type { Rule } from '../../scripts/publishing/rule';
import { dateProblem, markdownProblems, namesCredential, titleCaseProblem } from '../../scripts/publishing/text';

/** One deliberately broken copy of the good fixture, and where the rule must point. */
interface Breakage {
  name: string;
  breakIt(app: FixtureApp): void;
  path: string;
  message: RegExp;
}

const auth = (app: FixtureApp) => {
  if (!app.authentication) throw new Error('fixture has authentication');
  return app.authentication;
};

function rename(group: Record<string, FixtureDefinition>, from: string, to: string, declared = to): void {
  const definition = group[from];
  delete group[from];
  group[to] = { ...definition, key: declared };
}

/** The object holding the property at a dotted path of the fixture (`triggers.new_contact.display.label`), and its key. */
function holderOf(app: FixtureApp, path: string): [Record<string, unknown>, string] {
  const keys = path.split('.');
  const last = keys.pop() as string;
  return [keys.reduce((node, key) => node[key] as Record<string, unknown>, app as unknown as Record<string, unknown>), last];
}

/** A breakage that deletes one property: the rule must point at where it is missing. */
const without = (name: string, path: string, message: RegExp): Breakage => ({
  name,
  breakIt: (app) => {
    const [holder, key] = holderOf(app, path);
    delete holder[key];
  },
  path,
  message,
});

/** A breakage that gives one property a bad value: the rule must point at that property, or at `pointsAt` within it. */
const setTo = (name: string, path: string, value: unknown, message: RegExp, pointsAt = path): Breakage => ({
  name,
  breakIt: (app) => {
    const [holder, key] = holderOf(app, path);
    holder[key] = value;
  },
  path: pointsAt,
  message,
});

const createInputs = (app: FixtureApp) => app.creates.create_contact.operation.inputFields ?? [];

const BREAKAGES: Record<string, Breakage[]> = {
  D001: [
    {
      name: 'an API key asked for in an action',
      breakIt: (app) => createInputs(app).push({ key: 'api_key', label: 'API Key' }),
      path: 'creates.create_contact.operation.inputFields[4]',
      message: /credential/,
    },
    {
      name: 'a camelCase access token in a search',
      breakIt: (app) => app.searches.find_contact.operation.inputFields?.push({ key: 'accessToken', label: 'Access' }),
      path: 'searches.find_contact.operation.inputFields[1]',
      message: /accessToken/,
    },
    {
      name: 'a password-type field with an innocent key',
      breakIt: (app) => createInputs(app).push({ key: 'pin', label: 'PIN', type: 'password' }),
      path: 'creates.create_contact.operation.inputFields[4]',
      message: /credential/,
    },
    {
      name: 'a token field returned by a function field',
      breakIt: (app) => createInputs(app).push(() => [{ key: 'auth_token', label: 'Auth' }]),
      path: 'creates.create_contact.operation.inputFields[4](function)',
      message: /auth_token/,
    },
    setTo(
      'a secret labelled as such in a trigger',
      'triggers.new_contact.operation.inputFields',
      [{ key: 'signing', label: 'Webhook Secret' }],
      /Webhook Secret/,
      'triggers.new_contact.operation.inputFields[0]',
    ),
  ],
  D002: [
    {
      name: 'auth help text without a link',
      breakIt: (app) => {
        auth(app).fields[1].helpText = 'Find it on the API page in your settings.';
      },
      path: 'authentication.fields[1]',
      message: /link/,
    },
    {
      name: 'auth field without help text',
      breakIt: (app) => {
        delete auth(app).fields[0].helpText;
      },
      path: 'authentication.fields[0]',
      message: /no helpText/,
    },
    {
      name: 'auth help text linking over http',
      breakIt: (app) => {
        auth(app).fields[1].helpText = 'See [API settings](http://app.example.com/settings/api).';
      },
      path: 'authentication.fields[1]',
      message: /link/,
    },
  ],
  D003: [
    without('no connection label', 'authentication.connectionLabel', /no connectionLabel/),
    setTo('a label that shows the API key', 'authentication.connectionLabel', '{{bundle.authData.api_key}}', /secret/),
    setTo(
      'a label that shows an OAuth access token',
      'authentication.connectionLabel',
      '{{bundle.inputData.name}} {{bundle.authData.access_token}}',
      /access_token/,
    ),
    setTo(
      'a label function reading the API key',
      'authentication.connectionLabel',
      (_z: unknown, bundle: { authData: Record<string, string> }) => `Key ${bundle.authData.api_key.slice(0, 4)}`,
      /api_key/,
    ),
    setTo('a constant label that identifies nothing', 'authentication.connectionLabel', 'Example', /constant/),
  ],
  D004: [
    {
      name: 'an ID field typed by hand',
      breakIt: (app) => createInputs(app).push({ key: 'owner_id', label: 'Owner' }),
      path: 'creates.create_contact.operation.inputFields[4]',
      message: /owner_id/,
    },
    {
      name: 'a camelCase ID list without dropdown',
      breakIt: (app) => createInputs(app).push({ key: 'providerIds', label: 'Providers', list: true }),
      path: 'creates.create_contact.operation.inputFields[4]',
      message: /providerIds/,
    },
    {
      name: 'an ID field without dropdown returned by a function field',
      breakIt: (app) => createInputs(app).push(() => [{ key: 'name_hint', label: 'Hint', dynamic: 'contact_list.id.name' }, { key: 'locationId', label: 'Location' }]),
      path: 'creates.create_contact.operation.inputFields[4](function)',
      message: /locationId/,
    },
    {
      name: 'a line-item ID without dropdown',
      breakIt: (app) => {
        const group = createInputs(app)[2];
        if (typeof group === 'function' || !group.children) throw new Error('fixture has the custom_fields group');
        delete group.children[0].dynamic;
      },
      path: 'creates.create_contact.operation.inputFields[2].children[0]',
      message: /custom_field_id/,
    },
  ],
  D005: [
    setTo(
      'a dropdown pointing to a missing trigger',
      'creates.update_contact.operation.inputFields',
      [{ key: 'contact_id', label: 'Contact', dynamic: 'contacts_list.id.name' }],
      /does not exist/,
      'creates.update_contact.operation.inputFields[0].dynamic',
    ),
    setTo(
      'a dropdown naming a label the trigger sample lacks',
      'creates.update_contact.operation.inputFields',
      [{ key: 'contact_id', label: 'Contact', dynamic: 'contact_list.id.full_name' }],
      /full_name/,
      'creates.update_contact.operation.inputFields[0].dynamic',
    ),
    {
      name: 'a dropdown inside a function field pointing to a missing trigger',
      breakIt: (app) => {
        app.creates.update_contact.operation.inputFields?.push(() => [{ key: 'owner_id', label: 'Owner', dynamic: 'owner_list.id.name' }]);
      },
      path: 'creates.update_contact.operation.inputFields[2](function).dynamic',
      message: /owner_list/,
    },
    setTo(
      'a dropdown without the .id part',
      'creates.update_contact.operation.inputFields',
      [{ key: 'contact_id', label: 'Contact', dynamic: 'contact_list' }],
      /form/,
      'creates.update_contact.operation.inputFields[0].dynamic',
    ),
  ],
  D006: [
    without('a REST hook without performList', 'triggers.contact_created.operation.performList', /performList/),
  ],
  D007: [
    {
      name: 'an http authorize URL string',
      breakIt: (app) => {
        auth(app).oauth2Config = { authorizeUrl: 'http://auth.example.com/authorize', getAccessToken: { url: 'https://auth.example.com/token' } };
      },
      path: 'authentication.oauth2Config.authorizeUrl',
      message: /https/,
    },
    setTo(
      'an http URL literal inside a perform function',
      'creates.create_contact.operation.perform',
      () => ({ url: 'http://api.example.com/contacts' }),
      /function source/,
    ),
    {
      name: 'an authorize URL function that builds http in production',
      breakIt: (app) => {
        auth(app).oauth2Config = { authorizeUrl: () => ['http', '://auth.example.com/authorize'].join(''), getAccessToken: { url: 'https://auth.example.com/token' } };
      },
      path: 'authentication.oauth2Config.authorizeUrl',
      message: /builds "http:\/\/auth\.example\.com/,
    },
    {
      name: 'an http request template',
      breakIt: (app) => {
        app.requestTemplate = { url: 'http://api.example.com' };
      },
      path: 'app.requestTemplate.url',
      message: /https/,
    },
  ],
  D008: [
    setTo(
      'a bare URL in a description',
      'searches.find_contact.display.description',
      'Finds a contact, see https://docs.example.com/search.',
      /bare URL/,
    ),
    {
      name: 'a broken link in help text',
      breakIt: (app) => {
        auth(app).fields[0].helpText = 'See [Docs(https://docs.example.com) for the subdomain. [API](https://app.example.com/api)';
      },
      path: 'authentication.fields[0].helpText',
      message: /./,
    },
    setTo(
      'an http link in field help text',
      'searches.find_contact.operation.inputFields',
      [{ key: 'email', label: 'Email', helpText: 'See [search rules](http://docs.example.com).' }],
      /not an https URL/,
      'searches.find_contact.operation.inputFields[0].helpText',
    ),
  ],
  D009: [
    setTo('a search with no fields', 'searches.find_contact.operation.inputFields', [], /search by/),
    setTo(
      'a search whose only fields are computed at run time',
      'searches.find_contact.operation.inputFields',
      [() => [{ key: 'email' }]],
      /search by/,
    ),
  ],
  D010: [
    {
      name: 'a sample keyed contact_id instead of id',
      breakIt: (app) => {
        app.triggers.contact_list.operation.sample = { contact_id: 'ct_1', name: 'Ada' };
        app.triggers.contact_list.operation.outputFields = [{ key: 'contact_id' }, { key: 'name' }];
      },
      path: 'triggers.contact_list.operation.sample',
      message: /no "id"/,
    },
    setTo(
      'a sample missing its declared primary key',
      'creates.create_contact.operation.sample',
      { name: 'Ada', email: 'ada@example.com' },
      /primary/,
    ),
  ],
  D011: [
    {
      name: 'help text repeating the label',
      breakIt: (app) => createInputs(app).push({ key: 'phone', label: 'Phone', helpText: 'phone.' }),
      path: 'creates.create_contact.operation.inputFields[4].helpText',
      message: /repeats/,
    },
  ],
  D012: [
    without('a hidden trigger without sample', 'triggers.contact_list.operation.sample', /no static sample/),
    setTo('a sample given as a list', 'searches.find_contact.operation.sample', [{ id: 'ct_1' }], /no static sample/),
    setTo('an empty sample', 'creates.update_contact.operation.sample', {}, /empty/),
  ],
  D013: [
    setTo(
      'a search connector to a missing search',
      'creates.update_contact.operation.inputFields',
      [{ key: 'contact_id', label: 'Contact', dynamic: 'contact_list.id.name', search: 'find_contacts.id' }],
      /does not exist/,
      'creates.update_contact.operation.inputFields[0].search',
    ),
    setTo(
      'a search connector naming a field the search sample lacks',
      'creates.update_contact.operation.inputFields',
      [{ key: 'contact_id', label: 'Contact', dynamic: 'contact_list.id.name', search: 'find_contact.uuid' }],
      /uuid/,
      'creates.update_contact.operation.inputFields[0].search',
    ),
  ],
  D014: [
    setTo(
      'a search connector without dropdown',
      'creates.update_contact.operation.inputFields',
      [{ key: 'contact_ref', label: 'Contact', search: 'find_contact.id' }],
      /no dynamic dropdown/,
      'creates.update_contact.operation.inputFields[0]',
    ),
  ],
  D015: [
    {
      name: 'a search-or-create pointing to a missing create',
      breakIt: (app) => {
        if (app.searchOrCreates) app.searchOrCreates.find_contact.create = 'add_contact';
      },
      path: 'searchOrCreates.find_contact.create',
      message: /does not exist/,
    },
    {
      name: 'a search-or-create keyed differently from its search',
      breakIt: (app) => {
        app.searchOrCreates = {
          find_or_create_contact: { key: 'find_or_create_contact', display: { label: 'Find or Create Contact', description: 'Finds or creates a contact.' }, search: 'find_contact', create: 'create_contact' },
        };
      },
      path: 'searchOrCreates.find_or_create_contact',
      message: /must equal its search key/,
    },
    {
      name: 'a search-or-create pointing to a missing search',
      breakIt: (app) => {
        if (app.searchOrCreates) app.searchOrCreates.find_contact.search = 'lookup_contact';
      },
      path: 'searchOrCreates.find_contact.search',
      message: /does not exist/,
    },
  ],
  D017: [
    without('a REST hook without performSubscribe (a static webhook)', 'triggers.contact_created.operation.performSubscribe', /performSubscribe/),
    without('a REST hook without performUnsubscribe', 'triggers.contact_created.operation.performUnsubscribe', /performUnsubscribe/),
  ],
  D018: [
    setTo('a sentence-case label', 'searches.find_contact.display.label', 'Find contact by email', /"Find Contact by Email"/),
    setTo('a capitalised small word', 'searches.find_contact.display.label', 'Find Contact By Email', /"Find Contact by Email"/),
  ],
  D021: [
    setTo('"Triggers whenever"', 'triggers.new_contact.display.description', 'Triggers whenever a contact is added.', /Triggers when/),
    setTo('no final period', 'triggers.new_contact.display.description', 'Triggers when a contact is added', /end with/),
  ],
  D022: [
    setTo('a create whose fields are all computed at run time', 'creates.create_contact.operation.inputFields', [() => []], /no static input field/),
  ],
  D023: [
    setTo('a date-time without zone', 'triggers.new_contact.operation.sample.created_at', '2026-11-24T18:00:00', /no time zone/),
    setTo(
      'a US date nested in a list',
      'triggers.new_contact.operation.sample.custom_fields',
      [{ id: 'cf_1', value: '11/24/2026' }],
      /not ISO-8601/,
      'triggers.new_contact.operation.sample.custom_fields[0].value',
    ),
    setTo('a Cerbo-style "YYYY-MM-DD HH:MM"', 'creates.create_contact.operation.sample.created_at', '2026-11-24 18:00', /no time zone/),
    setTo('an epoch timestamp', 'creates.create_contact.operation.sample.created_at', 1764007200, /epoch/),
  ],
  D024: [
    setTo('a sample key with no output field', 'searches.find_contact.operation.sample.phone', '+15550100', /no output field/),
    {
      name: 'a required output field missing from the sample',
      breakIt: (app) => app.searches.find_contact.operation.outputFields?.push({ key: 'owner__email', label: 'Owner Email', required: true }),
      path: 'searches.find_contact.operation.sample',
      message: /owner__email/,
    },
    setTo('an integer field holding a string', 'searches.find_contact.operation.sample.score', '42', /integer/),
    setTo('a list field holding one string', 'searches.find_contact.operation.sample.tags', 'lead', /list/),
    without('no output fields at all', 'creates.update_contact.operation.outputFields', /no static outputFields/),
  ],
  'G-ACTION-DESCRIPTION': [
    setTo('an imperative create description', 'creates.create_contact.display.description', 'Create a contact.', /Creates/),
    setTo('a search not starting "Finds"', 'searches.find_contact.display.description', 'Searches for a contact by email.', /"Finds"/),
    setTo('no final period', 'creates.update_contact.display.description', 'Updates an existing contact', /end with/),
  ],
  'G-SNAKE-CASE-KEYS': [
    {
      name: 'a camelCase trigger key',
      breakIt: (app) => rename(app.triggers, 'new_contact', 'newContact'),
      path: 'triggers.newContact',
      message: /snake_case/,
    },
    {
      name: 'a key differing from its property name',
      breakIt: (app) => rename(app.creates, 'create_contact', 'create_contact', 'add_contact'),
      path: 'creates.create_contact.key',
      message: /differs/,
    },
  ],
  'G-DISPLAY': [
    setTo('an empty noun', 'triggers.contact_list.noun', '', /noun/),
    setTo('an empty label', 'creates.create_contact.display.label', ' ', /label/),
  ],
  'G-SEMVER': [
    setTo('a two-part version', 'version', '1.0', /x\.y\.z/),
  ],
  'G-HIDDEN-TRIGGERS': [
    setTo('a dropdown-source trigger left visible', 'triggers.contact_list.display.hidden', false, /hidden: true/),
    {
      name: 'a visible trigger that only lists items for a dropdown',
      breakIt: (app) => {
        app.triggers.custom_field_list.display = { label: 'Custom Fields', description: 'Lists custom fields.' };
        rename(app.triggers, 'custom_field_list', 'custom_fields');
        const group = createInputs(app)[2];
        if (typeof group === 'function' || !group.children) throw new Error('fixture has the custom_fields group');
        group.children[0].dynamic = 'custom_fields.id.name';
      },
      path: 'triggers.custom_fields.display.hidden',
      message: /only feeds dropdowns/,
    },
    {
      name: 'a hidden trigger no dropdown uses, not even one inside a function field',
      breakIt: (app) => {
        app.creates.create_contact.operation.inputFields = [{ key: 'name', label: 'Name' }];
      },
      path: 'triggers.custom_field_list.display.hidden',
      message: /not used/,
    },
  ],
};

describe('publishing rules', () => {
  test('the good fixture passes every rule', () => {
    const violations = runRules(goodApp()).flatMap(({ rule, evaluation }) => evaluation.violations.map((v) => `[${rule.id}] ${v.path}: ${v.message}`));
    expect(violations).toEqual([]);
  });

  test('every rule has deliberately broken definitions to catch, and examines something in the good fixture', () => {
    expect(Object.keys(BREAKAGES).sort()).toEqual(RULES.map((rule) => rule.id).sort());
    for (const rule of RULES) expect(rule.evaluate(goodApp()).checked).toBeGreaterThan(0);
  });

  test('rule ids are unique and none duplicates a check listed as not decided', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of NOT_CHECKED) expect(ids).not.toContain(item.id);
  });

  describe.each(RULES.map((rule): [string, Rule] => [rule.id, rule]))('%s', (id, rule) => {
    test.each((BREAKAGES[id] ?? []).map((breakage): [string, Breakage] => [breakage.name, breakage]))('catches %s', (_name, breakage) => {
      const app = goodApp();
      expect(rule.check(app)).toEqual([]);
      breakage.breakIt(app);
      const violations = rule.check(app);
      const hit = violations.find((violation) => violation.path === breakage.path);
      expect({ paths: violations.map((v) => v.path), hit: hit?.path }).toEqual({ paths: expect.arrayContaining([breakage.path]), hit: breakage.path });
      expect(hit?.message).toMatch(breakage.message);
      const report = rule.evaluate(app);
      expect(report.failed).toBeGreaterThan(0);
    });
  });

  test('an app without authentication or operations (a placeholder) yields no violations and nothing checked beyond versions', () => {
    const reports = runRules({ version: '1.0.0', platformVersion: '19.1.0' });
    expect(reports.flatMap((r) => r.evaluation.violations)).toEqual([]);
    expect(reports.filter((r) => r.evaluation.checked > 0).map((r) => r.rule.id)).toEqual(['D007', 'G-SEMVER']);
  });

  test('D007 evaluates an authorize URL with the sandbox base URLs unset, then restores them', () => {
    const app = goodApp();
    const saved = process.env.SEREBRO_BASE_URL;
    process.env.SEREBRO_BASE_URL = 'http://127.0.0.1:4010/serebro';
    try {
      const seen: Array<string | undefined> = [];
      const authorizeUrl = () => {
        seen.push(process.env.SEREBRO_BASE_URL);
        return `${process.env.SEREBRO_BASE_URL ?? 'https://api.example.com'}/oauth/authorize`;
      };
      auth(app).oauth2Config = { authorizeUrl, getAccessToken: { url: 'https://api.example.com/oauth/token' } };
      expect(RULES.find((rule) => rule.id === 'D007')?.check(app)).toEqual([]);
      expect(seen).toEqual([undefined]);
      expect(process.env.SEREBRO_BASE_URL).toBe('http://127.0.0.1:4010/serebro');
    } finally {
      if (saved === undefined) delete process.env.SEREBRO_BASE_URL;
      else process.env.SEREBRO_BASE_URL = saved;
    }
  });

  test('a hidden trigger used only by a dropdown inside a function field counts as used', () => {
    const app = goodApp();
    app.creates.create_contact.operation.inputFields = [
      { key: 'name', label: 'Name' },
      () => [{ key: 'custom_field_id', label: 'Field', dynamic: 'custom_field_list.id.name' }],
    ];
    expect(RULES.find((rule) => rule.id === 'G-HIDDEN-TRIGGERS')?.check(app)).toEqual([]);
    expect(RULES.find((rule) => rule.id === 'D005')?.evaluate(app)).toMatchObject({ checked: 2, failed: 0 });
    expect(RULES.find((rule) => rule.id === 'D004')?.evaluate(app)).toMatchObject({ checked: 2, failed: 0 });
  });

  test('a definition that is not an object is reported, not crashed on', () => {
    const reports = runRules({ triggers: 'nope', creates: [1, 2], searches: null, authentication: 3, version: 1 });
    expect(reports.find((r) => r.rule.id === 'G-SEMVER')?.evaluation.violations.map((v) => v.path)).toEqual(['version', 'platformVersion']);
  });

  test('the table lists every rule with checked, pass and fail counts', () => {
    const app = goodApp();
    app.triggers.new_contact.display.label = 'new contact';
    const table = formatTable('fixture', runRules(app));
    expect(table).toMatch(/^D018 +\| Labels are Title Case +\| +7 \| +6 \| +1 \| FAIL/m);
    expect(table).toMatch(/^D001 .*\| PASS/m);
    for (const rule of RULES) expect(table).toContain(rule.id);
  });
});

describe('text checks', () => {
  test.each([
    ['See [Google](https://google.com).', []],
    ['See `https://google.com` as an example.', []],
    ['See [Google(https://google.com)', ['bare URL', 'malformed']],
    ['See https://google.com', ['bare URL']],
    ['See [Google] (https://google.com)', ['bare URL', 'malformed']],
    ['See [Google](google.com)', ['not an https URL']],
    ['Write to [support](mailto:help@example.com).', []],
    ['Values like [a, b] are fine.', []],
  ])('markdown %s', (text, expected) => {
    const problems = markdownProblems(text);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((fragment, index) => expect(problems[index]).toContain(fragment));
  });

  test.each([
    ['New Contact', null],
    ['Find or Create Contact', null],
    ['A Contact of the Month', null],
    ['Execute Workflow (Legacy API)', null],
    ['Find Patient by Email or Date of Birth', null],
    ['new contact', 'New Contact'],
    ['Find Contact By Email', 'Find Contact by Email'],
    ['Book An Appointment', 'Book an Appointment'],
  ])('title case %s', (label, expected) => expect(titleCaseProblem(label)).toBe(expected));

  test.each([
    ['2026-11-24', null],
    ['2026-11-24T18:00:00Z', null],
    ['2026-11-24T18:00:00.123+01:00', null],
    ['2019-08-01T06:50:30-0500', null],
    ['09:30', null],
    ['Ada Lovelace', null],
    ['2026-11-24T18:00:00', 'no time zone'],
    ['2026-11-24 18:00', 'no time zone'],
    ['01 Aug 2019', 'not ISO-8601'],
    ['Aug 1, 2019 06:50', 'not ISO-8601'],
    ['11/24/2026', 'not ISO-8601'],
  ])('date %s', (value, expected) => {
    const problem = dateProblem(value);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });

  test.each([
    ['id', true],
    ['contact_id', true],
    ['provider_ids', true],
    ['contactId', true],
    ['pipelineID', true],
    ['paid', false],
    ['valid', false],
    ['uuid', false],
    ['idle_minutes', false],
  ])('ID key %s', (key, expected) => expect(isIdKey(key)).toBe(expected));

  test.each([
    ['api_key', true],
    ['apiKey', true],
    ['X-API-Key', true],
    ['password', true],
    ['client_secret', true],
    ['access_token', true],
    ['Private Key', true],
    ['subdomain', false],
    ['keyword', false],
    ['monkey', false],
    ['primary_key_name', false],
  ])('credential name %s', (text, expected) => expect(namesCredential(text)).toBe(expected));
});
