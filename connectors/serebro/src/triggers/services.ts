import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Service, serviceOutputFields, serviceSample } from '../schemas';

export const schema = Service;

export default defineTrigger({
  key: 'services',
  noun: 'Service',
  display: { label: 'Services', description: 'Lists bookable services for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z: ZObject, bundle: Bundle) => dropdownPage(z, bundle, { path: '/services', location: bundle.inputData.locationId, item: recordOf(Service) }),
    sample: serviceSample,
    outputFields: serviceOutputFields,
  },
});
