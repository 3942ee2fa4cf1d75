import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { defineCreate, defineInputFields, invalidInput, recordOf } from '../../../../kit';
import { serebroRequest } from '../client';
import { contactBodyFrom, contactDetailFields, customFieldInputs, customFieldsBody, customFieldsByIdField, locationField } from '../fields';
import { Contact, UpsertedContact, upsertedContactOutputFields, upsertedContactSample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  {
    key: 'copy',
    type: 'copy',
    helpText:
      'Finds the contact by Email, then by Phone, and updates it with the fields filled in below (others are kept); ' +
      'creates it when none matches. Fill in Email or Phone.',
  },
  ...contactDetailFields('Added to the contact\'s tags: tags it already has are kept.'),
  customFieldInputs('contact'),
  customFieldsByIdField,
]);

/** The upsert's answer: the contact, and whether it was created (docs/apis.md §1.3a). */
const upserted = zm.object({ contact: recordOf(Contact), new: zm.boolean() });

const perform = (async (z, bundle) => {
  const body = contactBodyFrom(z, bundle.inputData);
  // Serebro AI would answer 422 missing_identifier: say which fields before sending anything.
  if (!body.email && !body.phone) {
    invalidInput(z, 'Fill in Email or Phone: Create or Update Contact finds the contact to update by them.');
  }
  const customFields = await customFieldsBody(z, bundle, 'contact');
  if (customFields) body.customFields = customFields;
  const answer = await serebroRequest(z, bundle, { method: 'POST', path: '/contacts/upsert', body, location: bundle.inputData.locationId, shape: upserted });
  return { ...answer.contact, new: answer.new } satisfies UpsertedContact;
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = UpsertedContact;

export default defineCreate({
  key: 'upsert_contact',
  noun: 'Contact',
  display: {
    label: 'Create or Update Contact',
    description: 'Creates a contact in Serebro AI, or updates the one with the same email or phone.',
  },
  operation: { inputFields, perform, sample: upsertedContactSample, outputFields: upsertedContactOutputFields },
});
