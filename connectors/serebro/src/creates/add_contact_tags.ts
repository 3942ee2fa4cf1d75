import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, defineInputFields, invalidInput, requireText } from '../../../../kit';
import { changeContactTags } from '../client';
import { contactIdField, locationField, tagsField, tagsFrom } from '../fields';
import { ContactTags, contactTagsOutputFields, contactTagsSample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  contactIdField(true, 'The contact to tag.'),
  tagsField(true, 'Tags to add: choose from the Location\'s tags or type new ones. The contact keeps the tags it already has.'),
]);

const perform = (async (z, bundle) => {
  const contactId = requireText(z, bundle.inputData.contactId, 'Contact');
  const tags = tagsFrom(bundle.inputData.tags);
  if (!tags.length) invalidInput(z, 'Tags is required: fill in at least one tag to add.');
  return changeContactTags(z, bundle, 'POST', { contactId, tags, location: bundle.inputData.locationId });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = ContactTags;

export default defineCreate({
  key: 'add_contact_tags',
  noun: 'Tags',
  display: {
    label: 'Add Tags to Contact',
    description: 'Adds tags to a contact in Serebro AI, keeping the tags it already has.',
  },
  operation: { inputFields, perform, sample: contactTagsSample, outputFields: contactTagsOutputFields },
});
