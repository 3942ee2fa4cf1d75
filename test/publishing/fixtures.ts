/**
 * A small app definition that passes every publishing rule, built fresh on each call so that a
 * test can break one thing in its copy and show that exactly the rule for it objects.
 */

export type Step = ((...args: never[]) => unknown) | { url: string; method?: string };

export interface FixtureField {
  key: string;
  label?: string;
  helpText?: string;
  required?: boolean;
  type?: string;
  dynamic?: unknown;
  search?: unknown;
  computed?: boolean;
  list?: boolean;
  primary?: boolean;
  children?: FixtureField[];
}

export interface FixtureOperation {
  type?: 'hook' | 'polling';
  inputFields?: Array<FixtureField | (() => FixtureField[])>;
  outputFields?: FixtureField[];
  sample?: unknown;
  perform?: Step;
  performList?: Step;
  performSubscribe?: Step;
  performUnsubscribe?: Step;
}

export interface FixtureDefinition {
  key: string;
  noun: string;
  display: { label: string; description: string; hidden?: boolean };
  operation: FixtureOperation;
}

export interface FixtureSearchOrCreate {
  key: string;
  display: { label: string; description: string };
  search: string;
  create: string;
  update?: string;
}

export interface FixtureApp {
  version: string;
  platformVersion: string;
  authentication?: {
    type: string;
    fields: FixtureField[];
    test: Step;
    connectionLabel?: unknown;
    oauth2Config?: { authorizeUrl: Step | string; getAccessToken: Step };
  };
  requestTemplate?: { url?: string; headers?: Record<string, string> };
  triggers: Record<string, FixtureDefinition>;
  creates: Record<string, FixtureDefinition>;
  searches: Record<string, FixtureDefinition>;
  searchOrCreates?: Record<string, FixtureSearchOrCreate>;
}

const HELP_LINK = 'Find it under [Settings › API](https://app.example.com/settings/api).';

// Written out by hand, not derived with the kit's outputFieldsFrom (whose test expects a list of the same shape): the
// publishing rules are checked against fields as any app may declare them, not only as the kit makes them.
const contactOutputFields = (): FixtureField[] => [
  { key: 'id', label: 'ID', type: 'string', primary: true },
  { key: 'name', label: 'Name', type: 'string' },
  { key: 'email', label: 'Email', type: 'string' },
  { key: 'score', label: 'Score', type: 'integer' },
  { key: 'vip', label: 'VIP', type: 'boolean' },
  { key: 'tags', label: 'Tags', type: 'string', list: true },
  { key: 'address__city', label: 'Address City', type: 'string' },
  { key: 'custom_fields[]id', label: 'Custom Fields ID', type: 'string' },
  { key: 'custom_fields[]value', label: 'Custom Fields Value', type: 'string' },
  { key: 'birthday', label: 'Birthday', type: 'string' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
];

const contactSample = () => ({
  id: 'ct_1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  score: 42,
  vip: true,
  tags: ['lead', 'newsletter'],
  address: { city: 'London' },
  custom_fields: [{ id: 'cf_1', value: 'blue' }],
  birthday: '1815-12-10',
  created_at: '2026-11-24T18:00:00Z',
});

const noop = async () => [];

const contactIdField = (): FixtureField => ({
  key: 'contact_id',
  label: 'Contact',
  required: true,
  dynamic: 'contact_list.id.name',
  search: 'find_contact.id',
  helpText: 'The contact to update. Search for it in a previous step if you only know the email.',
});

/** A hidden trigger that fills a dropdown, each choice an id and a name. */
function dropdownTrigger(key: string, noun: string, label: string, description: string, sample: { id: string; name: string }): FixtureDefinition {
  return {
    key,
    noun,
    display: { label, description, hidden: true },
    operation: {
      perform: noop,
      outputFields: [
        { key: 'id', label: 'ID', type: 'string' },
        { key: 'name', label: 'Name', type: 'string' },
      ],
      sample,
    },
  };
}

export function goodApp(): FixtureApp {
  return {
    version: '1.0.0',
    platformVersion: '19.1.0',
    authentication: {
      type: 'custom',
      fields: [
        { key: 'subdomain', label: 'Subdomain', required: true, helpText: `The part before \`.example.com\` in your account URL. ${HELP_LINK}` },
        { key: 'api_key', label: 'API Key', required: true, type: 'password', helpText: `Create a key in [API settings](https://app.example.com/settings/api).` },
      ],
      test: { url: 'https://{{bundle.authData.subdomain}}.example.com/api/me' },
      connectionLabel: '{{bundle.inputData.company_name}} ({{bundle.authData.subdomain}})',
    },
    requestTemplate: { headers: { 'X-API-Key': '{{bundle.authData.api_key}}' } },
    triggers: {
      new_contact: {
        key: 'new_contact',
        noun: 'Contact',
        display: { label: 'New Contact', description: 'Triggers when a new contact is added.' },
        operation: { type: 'polling', perform: noop, outputFields: contactOutputFields(), sample: contactSample() },
      },
      contact_created: {
        key: 'contact_created',
        noun: 'Contact',
        display: { label: 'New Contact (Instant)', description: 'Triggers when a contact is created, as it happens.' },
        operation: {
          type: 'hook',
          performSubscribe: noop,
          performUnsubscribe: noop,
          perform: noop,
          performList: noop,
          outputFields: contactOutputFields(),
          sample: contactSample(),
        },
      },
      contact_list: dropdownTrigger('contact_list', 'Contact', 'List Contacts', 'Lists contacts for a dropdown.', { id: 'ct_1', name: 'Ada Lovelace' }),
      custom_field_list: dropdownTrigger('custom_field_list', 'Custom Field', 'List Custom Fields', 'Lists custom fields for a dropdown.', { id: 'cf_1', name: 'Favourite Colour' }),
    },
    creates: {
      create_contact: {
        key: 'create_contact',
        noun: 'Contact',
        display: { label: 'Create Contact', description: 'Creates a new contact.' },
        operation: {
          inputFields: [
            { key: 'name', label: 'Name', required: true },
            { key: 'email', label: 'Email', helpText: 'Used to match an existing contact.' },
            {
              key: 'custom_fields',
              label: 'Custom Fields',
              children: [
                { key: 'custom_field_id', label: 'Field', dynamic: 'custom_field_list.id.name' },
                { key: 'value', label: 'Value' },
              ],
            },
            () => [],
          ],
          perform: noop,
          outputFields: contactOutputFields(),
          sample: contactSample(),
        },
      },
      update_contact: {
        key: 'update_contact',
        noun: 'Contact',
        display: { label: 'Update Contact', description: 'Updates an existing contact.' },
        operation: {
          inputFields: [contactIdField(), { key: 'name', label: 'Name' }],
          perform: noop,
          outputFields: contactOutputFields(),
          sample: contactSample(),
        },
      },
    },
    searches: {
      find_contact: {
        key: 'find_contact',
        noun: 'Contact',
        display: { label: 'Find Contact by Email', description: 'Finds a contact by email address.' },
        operation: {
          inputFields: [{ key: 'email', label: 'Email', required: true }],
          perform: noop,
          outputFields: contactOutputFields(),
          sample: contactSample(),
        },
      },
    },
    searchOrCreates: {
      find_contact: {
        key: 'find_contact',
        display: { label: 'Find or Create Contact', description: 'Finds a contact, creating it if missing.' },
        search: 'find_contact',
        create: 'create_contact',
      },
    },
  };
}
