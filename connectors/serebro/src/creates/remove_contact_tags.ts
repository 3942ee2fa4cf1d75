import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, defineInputFields, invalidInput, requireText } from '../../../../kit';
import { changeContactTags } from '../client';
import { contactIdField, locationField, tagsField, tagsFrom } from '../fields';
import { ContactTags, contactTagsOutputFields, contactTagsSample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  contactIdField(true, 'The contact to remove tags from.'),
  tagsField(true, 'Tags to remove. The contact keeps its other tags; a tag it does not have is ignored.'),
]);

const perform = (async (z, bundle) => {
  const contactId = requireText(z, bundle.inputData.contactId, 'Contact');
  const tags = tagsFrom(bundle.inputData.tags);
  if (!tags.length) invalidInput(z, 'Tags is required: fill in at least one tag to remove.');
  return changeContactTags(z, bundle, 'DELETE', { contactId, tags, location: bundle.inputData.locationId });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = ContactTags;

export default defineCreate({
  key: 'remove_contact_tags',
  noun: 'Tags',
  display: {
    label: 'Remove Tags From Contact',
    description: 'Removes tags from a contact in Serebro AI, keeping its other tags.',
  },
  operation: { inputFields, perform, sample: { ...contactTagsSample, tags: ['newsletter'] }, outputFields: contactTagsOutputFields },
});
