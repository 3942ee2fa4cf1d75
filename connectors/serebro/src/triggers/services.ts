import { defineTrigger } from 'zapier-platform-core';
import { dropdownPage } from '../client';
import { Service, serviceOutputFields, serviceSample } from '../schemas';

export const schema = Service;

export default defineTrigger({
  key: 'services',
  noun: 'Service',
  display: { label: 'Services', description: 'Lists bookable services for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z, bundle) => dropdownPage<Service>(z, bundle, '/services'),
    sample: serviceSample,
    outputFields: serviceOutputFields,
  },
});
