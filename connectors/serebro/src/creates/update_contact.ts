import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, defineInputFields, invalidInput, recordOf, segment } from '../../../../kit';
import { explainDuplicate, serebroRequest } from '../client';
import { contactBodyFrom, contactDetailFields, customFieldsByIdField, contactIdField, customFieldInputs, customFieldsBody, locationField } from '../fields';
import { Contact, contactOutputFields, contactSample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  contactIdField(true, 'The contact to update. Fields left empty keep their current value.'),
  ...contactDetailFields(
    'REPLACES all of the contact\'s tags with these: tags not listed here are removed. ' +
      'To add or remove some tags and keep the others, use Add Tags to Contact or Remove Tags from Contact instead.',
  ),
  customFieldInputs('contact'),
  customFieldsByIdField,
]);

const perform = (async (z, bundle) => {
  const contactId = segment(z, bundle.inputData.contactId, 'Contact');
  const body = contactBodyFrom(z, bundle.inputData);
  const customFields = await customFieldsBody(z, bundle, 'contact');
  if (customFields) body.customFields = customFields;
  if (Object.keys(body).length === 0) {
    invalidInput(z, 'Fill in at least one field to change on the contact.');
  }
  return serebroRequest(z, bundle, {
    method: 'PATCH',
    path: `/contacts/${contactId}`,
    body,
    location: bundle.inputData.locationId,
    shape: recordOf(Contact),
    explain: explainDuplicate,
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

// Every operation file ends in the same frame (its schema, key, noun, card, operation), written out in each
// rather than shared, so that each reads top to bottom on its own (see CONTRIBUTING.md).
export const schema = Contact;

export default defineCreate({
  key: 'update_contact',
  noun: 'Contact',
  display: { label: 'Update Contact', description: 'Updates an existing contact in Serebro AI.' },
  operation: { inputFields, perform, sample: contactSample, outputFields: contactOutputFields },
});
