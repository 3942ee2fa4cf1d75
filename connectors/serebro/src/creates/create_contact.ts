import type { Bundle, CreatePerform, InferInputData, ZObject } from 'zapier-platform-core';
import { defineCreate, defineInputFields, digitsOf, invalidInput, isRetryOf, recordOf } from '../../../../kit';
import { explainDuplicate, serebroRequest } from '../client';
import { contactBodyFrom, contactDetailFields, customFieldsByIdField, customFieldInputs, customFieldsBody, locationField } from '../fields';
import { Contact, contactOutputFields, contactSample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  ...contactDetailFields('Tags for the new contact: choose from the Location\'s tags or type new ones.'),
  customFieldInputs('contact'),
  customFieldsByIdField,
]);

/** What tells one contact from another with the same email: names, phone (digits) and company. */
const identity = (contact: Record<string, unknown>) => ({
  firstName: contact.firstName,
  lastName: contact.lastName,
  phone: digitsOf(contact.phone),
  companyName: contact.companyName,
});

/**
 * The contact a 409 names, when it is the one an earlier run of this step made (its answer lost, the
 * step retried or replayed): created within the retry window with the same names, phone and company.
 * Tags and custom fields are not compared: the Location's own workflows change them on creation.
 */
async function contactMadeByEarlierRun(z: ZObject, bundle: Bundle, body: Record<string, unknown>, contactId: unknown): Promise<Contact | undefined> {
  if (typeof contactId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(contactId)) return undefined;
  // Gone since the 409 (deleted in between): nothing to return, the duplicate error still says why.
  const existing = await serebroRequest(z, bundle, {
    path: `/contacts/${contactId}`,
    location: bundle.inputData.locationId,
    shape: recordOf(Contact),
    acceptStatuses: [404],
  });
  return existing && isRetryOf(existing.createdAt, identity(existing), identity(body)) ? existing : undefined;
}

const perform = (async (z, bundle) => {
  const body = contactBodyFrom(z, bundle.inputData);
  if (!body.email && !body.phone && !body.firstName && !body.lastName) {
    invalidInput(z, 'Fill in at least one of Email, Phone, First Name or Last Name.');
  }
  const customFields = await customFieldsBody(z, bundle, 'contact');
  if (customFields) body.customFields = customFields;
  return serebroRequest(z, bundle, {
    method: 'POST',
    path: '/contacts',
    body,
    location: bundle.inputData.locationId,
    shape: recordOf(Contact),
    recover: async (status, error) =>
      status === 409 && error?.code === 'duplicate_contact' ? contactMadeByEarlierRun(z, bundle, body, error.details?.contactId) : undefined,
    explain: explainDuplicate,
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Contact;

export default defineCreate({
  key: 'create_contact',
  noun: 'Contact',
  display: {
    label: 'Create Contact',
    description: 'Creates a new contact in Serebro AI.',
  },
  operation: { inputFields, perform, sample: contactSample, outputFields: contactOutputFields },
});
