import { defineTrigger } from '../../../../kit';
import { READ_THROTTLE, optionsPage } from '../client';
import { Option, optionOutputFields, serviceTypeSample } from '../schemas';

export const schema = Option;

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
    perform: (z, bundle) => optionsPage(z, bundle, '/options/service-types'),
    throttle: READ_THROTTLE,
    sample: serviceTypeSample,
    outputFields: optionOutputFields,
  },
});
