import type { InferInputData, SearchPerform } from 'zapier-platform-core';
import { listOf, READ_THROTTLE, sergioRequest } from '../client';
import { Customer, customerOutputFields, customerSample } from '../schemas';
import { clean, defineInputFields, defineSearch, invalidInput, recordOf } from '../../../../kit';

const inputFields = defineInputFields([
  { key: 'email', label: 'Email', required: false, helpText: 'Matches the whole email address, ignoring case.' },
  { key: 'phone', label: 'Phone', required: false, helpText: 'Matches the digits of the number, with or without the country code.' },
  { key: 'name', label: 'Name', required: false, helpText: 'Matches part of the name, e.g. `Lovelace`. Fill in at least one of the three fields.' },
]);

const perform = (async (z, bundle) => {
  const email = clean(bundle.inputData.email);
  const phone = clean(bundle.inputData.phone);
  const name = clean(bundle.inputData.name);
  if (!email && !phone && !name) {
    invalidInput(z, 'Fill in Email, Phone or Name to search by.');
  }
  return sergioRequest(z, bundle, { path: '/searches/find-customer', params: { email, phone, name }, shape: listOf(recordOf(Customer)) });
}) satisfies SearchPerform<InferInputData<typeof inputFields>>;

export const schema = Customer;

export default defineSearch({
  key: 'find_customer',
  noun: 'Customer',
  display: {
    label: 'Find Customer',
    description: 'Finds a customer by email, phone or name.',
  },
  operation: {
    inputFields,
    perform,
    throttle: READ_THROTTLE,
    sample: customerSample,
    outputFields: customerOutputFields,
  },
});
