import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownOf } from '../client';
import { Tag, tagOutputFields, tagSample } from '../schemas';

export const schema = Tag;

export default defineTrigger({
  key: 'tags',
  noun: 'Tag',
  display: { label: 'Tags', description: 'Lists the Location\'s contact tags for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: dropdownOf('/tags', recordOf(Tag)),
    sample: tagSample,
    outputFields: tagOutputFields,
  },
});
