import type { InferInputData, SearchPerform } from 'zapier-platform-core';
import { listPage } from '../client';
import { customFieldOutputs, locationField, withCustomFieldValues } from '../fields';
import { Contact, contactOutputFields, contactSample } from '../schemas';
import { clean, defineInputFields, defineSearch, invalidInput, recordOf } from '../../../../kit';

const inputFields = defineInputFields([
  locationField,
  { key: 'email', label: 'Email', helpText: 'Exact email address (not case sensitive).' },
  { key: 'phone', label: 'Phone' },
  { key: 'name', label: 'Name', helpText: 'Full or partial name.' },
]);

const perform = (async (z, bundle) => {
  const email = clean(bundle.inputData.email);
  const phone = clean(bundle.inputData.phone);
  const name = clean(bundle.inputData.name);
  if (!email && !phone && !name) {
    invalidInput(z, 'Fill in Email, Phone or Name to search for a contact.');
  }
  const location = bundle.inputData.locationId;
  const { items } = await listPage(z, bundle, { path: '/contacts', params: { email, phone, name, limit: 10 }, location, item: recordOf(Contact) });
  return withCustomFieldValues(z, bundle, 'contact', items);
}) satisfies SearchPerform<InferInputData<typeof inputFields>>;

export const schema = Contact;

export default defineSearch({
  key: 'find_contact',
  noun: 'Contact',
  display: {
    label: 'Find Contact',
    description: 'Finds a contact in Serebro AI by email, phone or name.',
  },
  operation: { inputFields, perform, sample: contactSample, outputFields: [...contactOutputFields, customFieldOutputs('contact')] },
});
