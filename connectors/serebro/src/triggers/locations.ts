import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Location, locationOutputFields, locationSample } from '../schemas';

export const schema = Location;

export default defineTrigger({
  key: 'locations',
  noun: 'Location',
  display: { label: 'Locations', description: "Lists the Agency's Locations for dropdowns.", hidden: true },
  operation: {
    canPaginate: true,
    perform: (z, bundle) => dropdownPage(z, bundle, { path: '/locations', item: recordOf(Location) }),
    sample: locationSample,
    outputFields: locationOutputFields,
  },
});
