import { defineTrigger } from 'zapier-platform-core';
import { dropdownPage } from '../client';
import { tagOutputFields, tagSample, type Tag } from '../schemas';

export default defineTrigger({
  key: 'tags',
  noun: 'Tag',
  display: { label: 'Tags', description: 'Lists the Location\'s contact tags for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z, bundle) => dropdownPage<Tag>(z, bundle, '/tags'),
    sample: tagSample,
    outputFields: tagOutputFields,
  },
});
