import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownOf } from '../client';
import { Staff, staffOutputFields, staffSample } from '../schemas';

export const schema = Staff;

export default defineTrigger({
  key: 'staff',
  noun: 'Staff Member',
  display: { label: 'Staff Members', description: 'Lists bookable staff members for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: dropdownOf('/staff', recordOf(Staff)),
    sample: staffSample,
    outputFields: staffOutputFields,
  },
});
