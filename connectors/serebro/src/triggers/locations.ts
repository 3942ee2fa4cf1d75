import { defineTrigger } from 'zapier-platform-core';
import { dropdownPage } from '../client';
import { Location, locationOutputFields, locationSample } from '../schemas';

export const schema = Location;

export default defineTrigger({
  key: 'locations',
  noun: 'Location',
  display: { label: 'Locations', description: "Lists the Agency's Locations for dropdowns.", hidden: true },
  operation: {
    canPaginate: true,
    perform: (z, bundle) => dropdownPage<Location>(z, bundle, '/locations', {}, false),
    sample: locationSample,
    outputFields: locationOutputFields,
  },
});
