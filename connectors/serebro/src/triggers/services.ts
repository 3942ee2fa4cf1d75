import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownOf } from '../client';
import { Service, serviceOutputFields, serviceSample } from '../schemas';

export const schema = Service;

export default defineTrigger({
  key: 'services',
  noun: 'Service',
  display: { label: 'Services', description: 'Lists bookable services for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: dropdownOf('/services', recordOf(Service)),
    sample: serviceSample,
    outputFields: serviceOutputFields,
  },
});
