import { defineTrigger } from 'zapier-platform-core';
import { cursorPage } from '../../../../kit';
import { READ_THROTTLE, sergioRequest } from '../client';
import { optionOutputFields, serviceTypeSample, type Option, type OptionsPage } from '../schemas';

/** Feeds the Service Type dropdown (exterior windows, gutter cleaning, …). */
export default defineTrigger({
  key: 'service_type_list',
  noun: 'Service Type',
  display: {
    label: 'List Service Types',
    description: 'Lists service types for the Service Type dropdown.',
    hidden: true,
  },
  operation: {
    type: 'polling',
    canPaginate: true,
    perform: (z, bundle) =>
      cursorPage<Option>(z, bundle, async (cursor) => {
        const page = await sergioRequest<OptionsPage>(z, bundle, { path: '/options/service-types', params: { cursor } });
        return { items: page.data ?? [], next: page.next_cursor };
      }),
    throttle: READ_THROTTLE,
    sample: serviceTypeSample,
    outputFields: optionOutputFields,
  },
});
