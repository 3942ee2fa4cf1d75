import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Opportunity, opportunityOutputFields, opportunitySample } from '../schemas';

export const schema = Opportunity;

export default defineTrigger({
  key: 'opportunities',
  noun: 'Opportunity',
  display: { label: 'Opportunities', description: 'Lists open opportunities for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: (z: ZObject, bundle: Bundle) => dropdownPage(z, bundle, {
      path: '/opportunities',
      params: { status: 'open' },
      location: bundle.inputData.locationId,
      item: recordOf(Opportunity),
    }),
    sample: opportunitySample,
    outputFields: opportunityOutputFields,
  },
});
