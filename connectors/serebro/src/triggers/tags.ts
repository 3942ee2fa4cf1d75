import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Tag, tagOutputFields, tagSample } from '../schemas';

export const schema = Tag;

export default defineTrigger({
  key: 'tags',
  noun: 'Tag',
  display: { label: 'Tags', description: 'Lists the Location\'s contact tags for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z: ZObject, bundle: Bundle) => dropdownPage(z, bundle, { path: '/tags', location: bundle.inputData.locationId, item: recordOf(Tag) }),
    sample: tagSample,
    outputFields: tagOutputFields,
  },
});
