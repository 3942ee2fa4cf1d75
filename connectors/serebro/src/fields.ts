import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import { isAgency } from './client';
import { clean } from '../../../kit';

/**
 * Agency connections act on one Location per step: the user picks it here. Location connections
 * already are one Location, so the field does not appear for them.
 */
export const locationField = (_z: ZObject, bundle: Bundle): PlainInputField[] =>
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
    : [];

export const contactIdField = (required: boolean, helpText: string): PlainInputField => ({
  key: 'contactId',
  label: 'Contact',
  required,
  dynamic: 'contacts.id.name',
  search: 'find_contact.id',
  helpText,
});

/** The optional contact fields Create Contact and Update Contact share (the API's own names). */
export const contactDetailFields: PlainInputField[] = [
  { key: 'email', label: 'Email', type: 'string' },
  { key: 'phone', label: 'Phone', type: 'string', helpText: 'Preferably in E.164 form, e.g. +13125550101.' },
  { key: 'firstName', label: 'First Name', type: 'string' },
  { key: 'lastName', label: 'Last Name', type: 'string' },
  { key: 'companyName', label: 'Company Name', type: 'string' },
  { key: 'source', label: 'Source', type: 'string', helpText: 'Where the contact came from, e.g. "Website form".' },
  { key: 'tags', label: 'Tags', type: 'string', list: true },
  { key: 'address1', label: 'Street Address', type: 'string' },
  { key: 'city', label: 'City', type: 'string' },
  { key: 'state', label: 'State', type: 'string' },
  { key: 'postalCode', label: 'Postal Code', type: 'string' },
  { key: 'country', label: 'Country', type: 'string', helpText: 'Two-letter ISO code, e.g. US.' },
  {
    key: 'customFields',
    label: 'Custom Fields',
    dict: true,
    helpText: 'Custom field values: the custom field ID on the left, its value on the right.',
  },
];

function invalidInput(z: ZObject, message: string): Error {
  return new z.errors.Error(message, 'invalid_input', 400);
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
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidInput(z, `Email "${email}" is not a valid email address.`);
    body.email = email;
  }
  const phone = text('phone');
  if (phone !== undefined) {
    const digits = phone.replace(/\D/g, '');
    if (!/^\+?[\d\s().-]+$/.test(phone) || digits.length < 7 || digits.length > 15) {
      throw invalidInput(z, 'Phone must be a phone number of 7 to 15 digits, e.g. +13125550101.');
    }
    body.phone = phone;
  }
  const country = text('country');
  if (country !== undefined) {
    if (!/^[A-Za-z]{2}$/.test(country)) throw invalidInput(z, `Country must be a two-letter ISO code such as US, not "${country}".`);
    body.country = country.toUpperCase();
  }
  const tags = input.tags;
  if (tags !== undefined && tags !== null && tags !== '') {
    const list = (Array.isArray(tags) ? tags : String(tags).split(','))
      .map((tag) => String(tag).trim())
      .filter(Boolean);
    if (list.length) body.tags = [...new Set(list)];
  }
  const customFields = input.customFields;
  if (customFields !== undefined && customFields !== null && customFields !== '') {
    if (typeof customFields !== 'object' || Array.isArray(customFields)) {
      throw invalidInput(z, 'Custom Fields must be pairs of a custom field ID and a value.');
    }
    const pairs = Object.entries(customFields as Record<string, unknown>)
      .filter(([id]) => id.trim() !== '')
      .map(([id, value]) => ({ id: id.trim(), value: value === undefined || value === '' ? null : (value as string) }));
    if (pairs.length) body.customFields = pairs;
  }
  return body;
}
