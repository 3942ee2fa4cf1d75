import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownOf } from '../client';
import { Opportunity, opportunityOutputFields, opportunitySample } from '../schemas';

export const schema = Opportunity;

export default defineTrigger({
  key: 'opportunities',
  noun: 'Opportunity',
  display: { label: 'Opportunities', description: 'Lists open opportunities for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: dropdownOf('/opportunities', recordOf(Opportunity), { status: 'open' }),
    sample: opportunitySample,
    outputFields: opportunityOutputFields,
  },
});
