import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Staff, staffOutputFields, staffSample } from '../schemas';

export const schema = Staff;

export default defineTrigger({
  key: 'staff',
  noun: 'Staff Member',
  display: { label: 'Staff Members', description: 'Lists bookable staff members for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z: ZObject, bundle: Bundle) => dropdownPage(z, bundle, { path: '/staff', location: bundle.inputData.locationId, item: recordOf(Staff) }),
    sample: staffSample,
    outputFields: staffOutputFields,
  },
});
