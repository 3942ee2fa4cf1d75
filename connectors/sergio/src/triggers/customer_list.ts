import { defineTrigger } from 'zapier-platform-core';
import { cursorPage } from '../../../../kit';
import { READ_THROTTLE, sergioRequest } from '../client';
import { customerOptionSample, optionOutputFields, type Option, type OptionsPage } from '../schemas';

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
    perform: (z, bundle) =>
      cursorPage<Option>(z, bundle, async (cursor) => {
        const page = await sergioRequest<OptionsPage>(z, bundle, { path: '/options/customers', params: { cursor } });
        return { items: page.data ?? [], next: page.next_cursor };
      }),
    throttle: READ_THROTTLE,
    sample: customerOptionSample,
    outputFields: optionOutputFields,
  },
});
