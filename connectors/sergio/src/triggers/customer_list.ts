import { defineTrigger } from '../../../../kit';
import { READ_THROTTLE, optionsPage } from '../client';
import { customerOptionSample, Option, optionOutputFields } from '../schemas';

export const schema = Option;

/** Feeds the Customer dropdown, newest first, one `next_cursor` page per "Load more". */
export default defineTrigger({
  key: 'customer_list',
  noun: 'Customer',
  display: {
    label: 'List Customers',
    description: 'Lists customers for the Customer dropdown.',
    hidden: true,
  },
  operation: {
    type: 'polling',
    canPaginate: true,
    perform: (z, bundle) => optionsPage(z, bundle, '/options/customers'),
    throttle: READ_THROTTLE,
    sample: customerOptionSample,
    outputFields: optionOutputFields,
  },
});
