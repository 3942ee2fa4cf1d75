import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import { customFieldsOf, isAgency, type CustomFieldModel } from './client';
import { clean, defineInputFields, invalidInput, type OutputField } from '../../../kit';
import type { CustomField, CustomFieldValue } from './schemas';

/**
 * Agency connections act on one Location per step: the user picks it here. Location connections
 * already are one Location, so the field does not appear for them.
 */
export const locationField = (_z: ZObject, bundle: Bundle) =>
  // Its result is typed as the tuples it may be (`[] | [Location]`), so `bundle.inputData` keeps the keys of the other fields.
  defineInputFields(
    isAgency(bundle)
      ? [
          {
            key: 'locationId',
            label: 'Location',
            required: true,
            dynamic: 'locations.id.name',
            altersDynamicFields: true,
            helpText: 'This is an Agency connection: choose the Location (sub-account) this step works in.',
          },
        ]
      : [],
  );

/** The optional filters of the appointment triggers (booked, canceled): a service and a staff member. */
export const appointmentFilterFields = defineInputFields([
  {
    key: 'serviceId',
    label: 'Service',
    dynamic: 'services.id.name',
    helpText: 'Only trigger for appointments of this service. Leave empty for every service.',
  },
  {
    key: 'staffId',
    label: 'Staff Member',
    dynamic: 'staff.id.name',
    helpText: 'Only trigger for appointments with this staff member. Leave empty for everyone.',
  },
]);

export const contactIdField = <R extends boolean>(required: R, helpText: string) =>
  ({
    key: 'contactId',
    label: 'Contact',
    required,
    dynamic: 'contacts.id.name',
    search: 'find_contact.id',
    helpText,
  }) as const satisfies PlainInputField;

/**
 * The Location's tags to choose from, or new ones typed in (a list field with a dropdown takes custom
 * values). `tagsHelp` says what the action does with them: add, or replace.
 */
export const tagsField = <R extends boolean>(required: R, helpText: string) =>
  ({
    key: 'tags',
    label: 'Tags',
    type: 'string',
    list: true,
    required,
    dynamic: 'tags.name.name',
    helpText,
  }) as const satisfies PlainInputField;

/** The optional contact fields Create Contact, Update Contact and Create or Update Contact share (the API's own names). */
export const contactDetailFields = (tagsHelp: string) =>
  defineInputFields([
  { key: 'email', label: 'Email', type: 'string' },
  { key: 'phone', label: 'Phone', type: 'string', helpText: 'Preferably in E.164 form, e.g. +13125550101.' },
  { key: 'firstName', label: 'First Name', type: 'string' },
  { key: 'lastName', label: 'Last Name', type: 'string' },
  { key: 'companyName', label: 'Company Name', type: 'string' },
  { key: 'source', label: 'Source', type: 'string', helpText: 'Where the contact came from, e.g. "Website form".' },
  tagsField(false, tagsHelp),
  { key: 'address1', label: 'Street Address', type: 'string' },
  { key: 'city', label: 'City', type: 'string' },
  { key: 'state', label: 'State', type: 'string' },
  { key: 'postalCode', label: 'Postal Code', type: 'string' },
  { key: 'country', label: 'Country', type: 'string', helpText: 'Two-letter ISO code, e.g. US.' },
  ]);

/** Custom field values by ID, as Zaps made before the fields were shown by name set them (still honoured). */
export const customFieldsByIdField = {
  key: 'customFields',
  label: 'Custom Fields by ID',
  dict: true,
  helpText:
    'Custom field values by custom field ID (ID on the left, value on the right). The Location\'s custom fields ' +
    'appear by name above: use this only for a field not listed there.',
} as const satisfies PlainInputField;

/** Tags as the API takes them: trimmed, without empties or repeats; a comma-separated text is split. */
export function tagsFrom(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = (Array.isArray(value) ? value : String(value).split(','))
    .map((tag) => String(tag).trim())
    .filter(Boolean);
  return [...new Set(list)];
}

/** A non-negative amount, or an error naming the field. */
export function monetaryValue(z: ZObject, value: unknown): number | undefined {
  const text = clean(value);
  if (text === undefined) return undefined;
  const amount = Number(text);
  if (!Number.isFinite(amount) || amount < 0) {
    invalidInput(z, `Value must be a number of at least 0, not "${text}".`);
  }
  return amount;
}

/**
 * The contact body for POST/PATCH from the fields above: only what the user filled in, checked
 * before any request so that a mistake names its field.
 */
export function contactBodyFrom(z: ZObject, input: Record<string, unknown>): Record<string, unknown> {
  const text = (key: string) => clean(input[key]);
  const body: Record<string, unknown> = {};
  for (const key of ['firstName', 'lastName', 'companyName', 'source', 'address1', 'city', 'state', 'postalCode']) {
    const value = text(key);
    if (value !== undefined) body[key] = value;
  }
  const email = text('email');
  if (email !== undefined) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) invalidInput(z, `Email "${email}" is not a valid email address.`);
    body.email = email;
  }
  const phone = text('phone');
  if (phone !== undefined) {
    const digits = phone.replace(/\D/g, '');
    if (!/^\+?[\d\s().-]+$/.test(phone) || digits.length < 7 || digits.length > 15) {
      invalidInput(z, 'Phone must be a phone number of 7 to 15 digits, e.g. +13125550101.');
    }
    body.phone = phone;
  }
  const country = text('country');
  if (country !== undefined) {
    if (!/^[A-Za-z]{2}$/.test(country)) invalidInput(z, `Country must be a two-letter ISO code such as US, not "${country}".`);
    body.country = country.toUpperCase();
  }
  const tags = tagsFrom(input.tags);
  if (tags.length) body.tags = tags;
  return body;
}

// ---- custom fields by name (docs/apis.md §1.3a) ---------------------------------------------------

/** Input keys of the custom fields shown by name: `cf__<custom field id>`. */
const CUSTOM_FIELD_PREFIX = 'cf__' as const;

const OPTION_TYPES = new Set<CustomField['dataType']>(['SINGLE_OPTIONS', 'CHECKBOX', 'MULTIPLE_OPTIONS']);
const LIST_TYPES = new Set<CustomField['dataType']>(['CHECKBOX', 'MULTIPLE_OPTIONS']);
const NUMBER_TYPES = new Set<CustomField['dataType']>(['NUMERICAL', 'MONETARY']);

/** No Location chosen yet on an Agency connection: there are no custom fields to show. */
const withoutLocation = (bundle: Bundle) => isAgency(bundle) && !clean(bundle.inputData.locationId);

/** A custom field's input, keyed `cf__<custom field id>`: a list of options, or one value. */
type CustomFieldInput = PlainInputField & { key: `${typeof CUSTOM_FIELD_PREFIX}${string}`; required: false } & (
    | { type: 'string'; list: true }
    | { type: 'string' | 'number' | 'datetime' | 'text'; list?: false }
  );

/** One input field for a custom field, typed after its data type. */
function inputFieldFor(field: CustomField): CustomFieldInput {
  const common = { key: `${CUSTOM_FIELD_PREFIX}${field.id}`, label: field.name, required: false } as const;
  const choices = OPTION_TYPES.has(field.dataType) && field.picklistOptions?.length ? { choices: field.picklistOptions } : {};
  if (LIST_TYPES.has(field.dataType)) return { ...common, type: 'string', list: true, ...choices };
  if (NUMBER_TYPES.has(field.dataType)) return { ...common, type: 'number' };
  if (field.dataType === 'DATE') return { ...common, type: 'datetime', helpText: 'A date: sent to Serebro AI as YYYY-MM-DD.' };
  return { ...common, type: field.dataType === 'LARGE_TEXT' ? 'text' : 'string', ...choices };
}

/**
 * The Location's custom fields of `model`, one input field each, labelled with its name. On an Agency
 * connection they appear once the Location is chosen (the Location field alters the dynamic fields).
 */
export const customFieldInputs =
  (model: CustomFieldModel) =>
  async (z: ZObject, bundle: Bundle): Promise<[] | [CustomFieldInput, ...CustomFieldInput[]]> => {
    const inputs = withoutLocation(bundle) ? [] : (await customFieldsOf(z, bundle, model)).map(inputFieldFor);
    // Typed as a tuple so that `bundle.inputData` keeps its named keys: the custom fields add only `cf__…` ones.
    return inputs.length ? [inputs[0], ...inputs.slice(1)] : [];
  };

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** `YYYY-MM-DD` from a date, or a date and time (its date as written, not moved to UTC). */
function calendarDate(text: string): string | undefined {
  let match = CALENDAR_DATE.exec(text);
  if (!match) {
    const parsed = new Date(text);
    if (Number.isNaN(parsed.getTime())) return undefined;
    match = CALENDAR_DATE.exec(parsed.toISOString());
    if (!match) return undefined;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** An option as the field lists it (options compare without regard to case), or undefined. */
const optionOf = (field: CustomField, value: string) =>
  (field.picklistOptions ?? []).find((option) => option.toLowerCase() === value.trim().toLowerCase());

/** A value typed for its field (docs/apis.md §1.3a), or an error naming the field by its label. */
function typedValue(z: ZObject, field: CustomField, value: unknown): CustomFieldValue['value'] | undefined {
  if (NUMBER_TYPES.has(field.dataType)) {
    const text = clean(value);
    if (text === undefined) return undefined;
    const number = Number(text);
    if (!Number.isFinite(number)) invalidInput(z, `${field.name} must be a number, not "${text}".`);
    return number;
  }
  if (field.dataType === 'DATE') {
    const text = clean(value);
    if (text === undefined) return undefined;
    const date = calendarDate(text);
    if (!date) invalidInput(z, `${field.name} must be a date such as 2026-12-01, not "${text}".`);
    return date;
  }
  const options = (field.picklistOptions ?? []).join(', ');
  if (LIST_TYPES.has(field.dataType)) {
    const chosen = tagsFrom(value);
    if (!chosen.length) return undefined;
    return chosen.map((item) => {
      const option = optionOf(field, item);
      if (!option) invalidInput(z, `${field.name} has no option "${item}": choose from ${options}.`);
      return option;
    });
  }
  const text = clean(value);
  if (text === undefined) return undefined;
  if (field.dataType === 'SINGLE_OPTIONS') {
    const option = optionOf(field, text);
    if (!option) invalidInput(z, `${field.name} must be one of ${options}, not "${text}".`);
    return option;
  }
  return text;
}

/**
 * `customFields: [{id, value}]` for a write: the fields filled in by name, typed and checked before any
 * request, and the raw Custom Fields pairs (existing Zaps) as they are. A field set both ways takes the
 * value given by name. The definitions are read only when a field was filled in by name.
 */
export async function customFieldsBody(
  z: ZObject,
  bundle: Bundle,
  model: CustomFieldModel,
): Promise<Array<{ id: string; value: unknown }> | undefined> {
  const input = bundle.inputData;
  const values = new Map<string, unknown>();
  const raw = input.customFields;
  if (raw !== undefined && raw !== null && raw !== '') {
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      invalidInput(z, 'Custom Fields must be pairs of a custom field ID and a value.');
    }
    // A plain object (checked above) whose values are whatever the Zap mapped: typed so, not as `any`.
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      if (id.trim() !== '') values.set(id.trim(), value === undefined || value === '' ? null : value);
    }
  }
  const byName = Object.entries(input).filter(
    ([key, value]) => key.startsWith(CUSTOM_FIELD_PREFIX) && value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && !value.length),
  );
  if (byName.length) {
    const fields = await customFieldsOf(z, bundle, model);
    for (const [key, value] of byName) {
      const id = key.slice(CUSTOM_FIELD_PREFIX.length);
      const field = fields.find((candidate) => candidate.id === id);
      if (!field) {
        invalidInput(
          z,
          `The custom field ${id} this step sets is no longer a ${model} field of this Location: refresh the fields of this step and map it again.`,
        );
      }
      const typed = typedValue(z, field, value);
      if (typed !== undefined) values.set(id, typed);
    }
  }
  return values.size ? [...values].map(([id, value]) => ({ id, value })) : undefined;
}

/** The key a custom field's value is returned under: the last part of its fieldKey (`contact.lead_score` → `lead_score`). */
function readableKeys(fields: CustomField[]): Map<string, string> {
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const field of fields) {
    const last = field.fieldKey.split('.').pop()?.replace(/[^A-Za-z0-9_]/g, '_') ?? '';
    const key = last && !taken.has(last) ? last : field.id;
    taken.add(key);
    keys.set(field.id, key);
  }
  return keys;
}

/** Output fields for the custom-field values of `model`, labelled with the fields' names. */
export const customFieldOutputs =
  (model: CustomFieldModel) =>
  async (z: ZObject, bundle: Bundle): Promise<OutputField[]> => {
    if (withoutLocation(bundle)) return [];
    const fields = await customFieldsOf(z, bundle, model);
    const keys = readableKeys(fields);
    return fields.map((field) => ({
      key: `customFieldValues__${keys.get(field.id) ?? field.id}`,
      label: field.name,
      type: NUMBER_TYPES.has(field.dataType) ? 'number' : 'string',
      ...(LIST_TYPES.has(field.dataType) ? { list: true } : {}),
    }));
  };

/**
 * Records with their custom-field values also under readable keys, `customFieldValues: {lead_score: 85}`,
 * so that later steps map them by name. The definitions are read only when a record has a value; the raw
 * `customFields` list stays as the API returned it.
 */
export async function withCustomFieldValues<T extends { customFields?: CustomFieldValue[] }>(
  z: ZObject,
  bundle: Bundle,
  model: CustomFieldModel,
  items: T[],
): Promise<Array<T & { customFieldValues: Record<string, CustomFieldValue['value']> }>> {
  const hasValues = items.some((item) => Array.isArray(item.customFields) && item.customFields.length > 0);
  const keys = hasValues ? readableKeys(await customFieldsOf(z, bundle, model)) : new Map<string, string>();
  return items.map((item) => {
    const values: Record<string, CustomFieldValue['value']> = {};
    for (const entry of Array.isArray(item.customFields) ? item.customFields : []) {
      if (entry && typeof entry.id === 'string') values[keys.get(entry.id) ?? entry.id] = entry.value;
    }
    return { ...item, customFieldValues: values };
  });
}
